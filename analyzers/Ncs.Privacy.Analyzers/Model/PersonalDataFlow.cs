using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>Where a personal value ends up: a logging call, or an exception's message.</summary>
internal enum SinkKind
{
    Log,
    ExceptionMessage,
}

/// <summary>A personal value reaching a sink: what NCSP006 reports.</summary>
internal readonly struct PersonalDataLeak(SyntaxNode at, ISymbol member, string sink, SinkKind kind)
{
    /// <summary>The argument (or the part of it) that carries the value.</summary>
    public SyntaxNode At { get; } = at;

    /// <summary>The personal-data member the value comes from.</summary>
    public ISymbol Member { get; } = member;

    /// <summary>The logging method, as <c>LogInformation</c> or <c>Notify → LogInformation</c> through a helper; or the exception type.</summary>
    public string Sink { get; } = sink;

    public SinkKind Kind { get; } = kind;
}

/// <summary>
/// Follows personal values through a method body with Roslyn's control-flow graph (<see cref="ControlFlowGraph"/>): a forward
/// taint analysis over its basic blocks, to a fixed point, of locals and flow captures. A value is personal when it reads a
/// member classified as personal data (ours or Identity's), a field the type assigns such a value to, or a local or capture
/// that holds one; it stays personal through string building (interpolation, concatenation, <c>string.Format</c>/<c>Concat</c>/
/// <c>Join</c>, <c>StringBuilder</c>, string-returning calls on it such as <c>Trim()</c>, slices), through encoding and
/// cryptographic hashes (pseudonymised data is personal data), and through the result of a method of this compilation, a
/// local function or a lambda held in a local whose body returns it (summarised once per method); it stops at numbers,
/// flags and other assemblies' methods (<c>Email.Length</c>, <c>GetHashCode()</c>: derived values are not the value). Sinks
/// are the logging calls (the <c>LoggerExtensions</c> methods, <c>ILogger.Log</c>, <c>BeginScope</c>, <c>[LoggerMessage]</c>
/// methods), methods, local functions and lambdas of this compilation whose parameter reaches one, and the message of an
/// exception (a type deriving from <c>System.Exception</c>, whatever its name) being created.
/// An object passed to a logging call is reported when what the logger writes of it is personal: its <c>ToString()</c> (a
/// record's prints every public member; a class's own override is read) or, for a <c>{@Name}</c> placeholder, its public
/// properties (structured loggers destructure them).
/// </summary>
internal sealed class PersonalDataFlow
{
    private readonly Compilation _compilation;
    private readonly PrivacySymbols _symbols;
    private readonly INamedTypeSymbol? _stringBuilder;
    private readonly INamedTypeSymbol? _exception;
    private readonly ConcurrentDictionary<ISymbol, ISymbol?> _fields = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, ISymbol?> _printed = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, ISymbol?> _destructured = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary> _summaries = new(SymbolEqualityComparer.Default);

    /// <summary>The helpers and fields whose summary this thread is computing (a recursion guard per thread).</summary>
    [ThreadStatic]
    private static HashSet<ISymbol>? InProgress;
    private readonly Lazy<SinkNames> _sinkNames;

    public PersonalDataFlow(Compilation compilation, PrivacySymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
        _stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
        _exception = compilation.GetTypeByMetadataName("System.Exception");
        _sinkNames = new Lazy<SinkNames>(CollectSinkNames, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A cheap syntactic test, so that only bodies that can hold a sink are bound and given a flow graph: a call spelled like a
    /// logging method (<c>Log...</c>, <c>BeginScope</c>, a <c>[LoggerMessage]</c> method's name), like a method of this compilation
    /// that passes a parameter to one, the creation of an <c>...Exception</c> or of an exception type of this compilation whatever
    /// its name (<c>class PaymentFailed : Exception</c>), or any <c>throw new ...</c> (an exception type of another project).
    /// </summary>
    public bool MayLeak(SyntaxNode body) => CallsSink(body, _sinkNames.Value);

    /// <summary>
    /// A cheaper test on a file's text first: every sink is called by a name that contains one of these words (<c>Log…</c>,
    /// <c>BeginScope</c>, <c>…Exception</c>, the console's and trace's <c>Write…</c>/<c>Print</c>/<c>Fail</c>/<c>Trace…</c>), or by
    /// the name of a method of this compilation that passes a parameter to one, or of an exception type of this compilation whose
    /// name does not say so; <c>throw</c> for an exception type of another project.
    /// </summary>
    public bool MayLeakIn(string text) => ContainsAny(text, SinkWords) || ContainsAny(text, _sinkNames.Value.Words);

    private static readonly string[] SinkWords = ["Log", "BeginScope", "Exception", "Write", "Print", "Fail", "Trace", "throw"];

    /// <summary>
    /// The code blocks of a file that can hold a sink, as the analyzer driver would give them to a code-block action: method,
    /// constructor, operator and accessor bodies, expression-bodied properties and indexers, field and property initializers,
    /// and top-level statements (the compilation unit).
    /// </summary>
    public static IEnumerable<SyntaxNode> CodeBlocks(SyntaxNode root)
    {
        if (root is CompilationUnitSyntax unit && unit.Members.Any(m => m is GlobalStatementSyntax))
        {
            yield return unit;
        }

        foreach (var node in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax
            or BasePropertyDeclarationSyntax or AccessorListSyntax or BaseFieldDeclarationSyntax or VariableDeclarationSyntax or VariableDeclaratorSyntax))
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax { Body: not null } or BaseMethodDeclarationSyntax { ExpressionBody: not null }:
                case AccessorDeclarationSyntax { Body: not null } or AccessorDeclarationSyntax { ExpressionBody: not null }:
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax }:
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax or PropertyDeclarationSyntax }:
                    yield return node;
                    break;
            }
        }
    }

    /// <summary>Every personal value of this body that reaches a sink.</summary>
    public IReadOnlyList<PersonalDataLeak> Analyze(IOperation body, CancellationToken cancellationToken)
    {
        var leaks = new List<PersonalDataLeak>();
        if (ControlFlowGraphOf(body, cancellationToken) is { } graph)
        {
            Run(graph, summaryOf: null, leaks, null, cancellationToken);
        }

        return leaks;
    }

    private static ControlFlowGraph? ControlFlowGraphOf(IOperation body, CancellationToken cancellationToken)
    {
        try
        {
            return body switch
            {
                IMethodBodyOperation method => ControlFlowGraph.Create(method, cancellationToken),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
                IBlockOperation block when block.Parent is null => ControlFlowGraph.Create(block, cancellationToken),
                IFieldInitializerOperation field => ControlFlowGraph.Create(field, cancellationToken),
                IPropertyInitializerOperation property => ControlFlowGraph.Create(property, cancellationToken),
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            // Code with errors the graph cannot be built for: nothing to follow.
            return null;
        }
    }

    /// <summary>
    /// The forward analysis: block states to a fixed point (union at joins, an assignment replaces what a local held), then one
    /// pass that reports. In summary mode (<paramref name="summaryOf"/>), parameters are the sources and what reaches a sink is
    /// recorded by parameter ordinal instead of reported.
    /// </summary>
    private void Run(ControlFlowGraph graph, IMethodSymbol? summaryOf, List<PersonalDataLeak>? leaks, SummaryBuilder? summary, CancellationToken cancellationToken,
        State? captured = null)
    {
        var blocks = graph.Blocks;
        var entry = Solve(graph, summaryOf, captured, cancellationToken);

        var reported = new HashSet<SyntaxNode>();
        var everHeld = Locals(captured);
        foreach (var block in blocks)
        {
            if (entry[block.Ordinal] is not { } start)
            {
                continue;
            }

            everHeld.UnionWith(start, IsLocalKey);
            var context = new Context(this, summaryOf, leaks, summary, graph, cancellationToken) { Reported = reported };
            var after = start.Clone();
            Transfer(block, after, context);
            everHeld.UnionWith(after, IsLocalKey);

            // Summary mode, the summarised method's own graph (not a lambda's or local function's inside it, which run with the
            // state they capture): what the method returns carries these parameters, or this personal member whatever it is given.
            if (summary is not null && captured is null && block.BranchValue is { } returned
                && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            {
                foreach (var source in EvalAll(returned, after, context))
                {
                    if (source is IParameterSymbol parameter)
                    {
                        summary.Returns.Add(parameter.Ordinal);
                    }
                    else
                    {
                        summary.ReturnedMember ??= source;
                    }
                }
            }
        }

        // Lambdas and local functions: their own graphs, starting from what the locals they capture hold anywhere in this body (a
        // lambda runs when it is called, not where it is written, and sees the local as it is then).
        foreach (var function in graph.LocalFunctions)
        {
            Run(graph.GetLocalFunctionControlFlowGraph(function, cancellationToken), summaryOf, leaks, summary, cancellationToken, everHeld);
        }

        foreach (var block in blocks)
        {
            foreach (var operation in block.Operations.Concat(block.BranchValue is null ? [] : [block.BranchValue]))
            {
                foreach (var lambda in operation.DescendantsAndSelf().OfType<IFlowAnonymousFunctionOperation>())
                {
                    Run(graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), summaryOf, leaks, summary, cancellationToken, everHeld);
                }
            }
        }
    }

    /// <summary>The locals of a state (flow captures are numbered per graph and mean nothing in another one).</summary>
    private static State Locals(State? state)
    {
        var locals = new State();
        if (state is not null)
        {
            locals.UnionWith(state, IsLocalKey);
        }

        return locals;
    }

    private static readonly Func<object, bool> IsLocalKey = key => key is ILocalSymbol;

    /// <summary>
    /// The value a lambda returns (<c>c =&gt; c.Email</c> in <c>customers.Select(...)</c>), from its own flow graph, with the locals it
    /// captures as <paramref name="state"/> holds them.
    /// </summary>
    private ISymbol? Returned(IFlowAnonymousFunctionOperation lambda, State state, Context context)
    {
        if (context.Graph is null)
        {
            return null;
        }

        ControlFlowGraph graph;
        try
        {
            graph = context.Graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, context.CancellationToken);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var entry = Solve(graph, context.SummaryOf, Locals(state), context.CancellationToken);
        foreach (var block in graph.Blocks)
        {
            if (entry[block.Ordinal] is { } start && block.BranchValue is { } returned && block.FallThroughSuccessor?.Semantics == ControlFlowBranchSemantics.Return)
            {
                var after = start.Clone();
                var inner = new Context(this, context.SummaryOf, null, null, graph, context.CancellationToken);
                foreach (var operation in block.Operations)
                {
                    Visit(operation, after, inner);
                }

                if (Eval(returned, after, inner) is { } value)
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The forward analysis of one graph: what each block starts with, to a fixed point (union at joins, an assignment replaces what
    /// a local held), from <paramref name="captured"/> at its entry.
    /// </summary>
    private State?[] Solve(ControlFlowGraph graph, IMethodSymbol? summaryOf, State? captured, CancellationToken cancellationToken)
    {
        var blocks = graph.Blocks;
        var entry = new State?[blocks.Length];
        entry[0] = captured?.Clone() ?? new State();
        var work = new Queue<int>();
        var queued = new bool[blocks.Length];
        work.Enqueue(0);
        queued[0] = true;
        while (true)
        {
            Propagate();

            // Catch, filter and finally regions have no edge from their try in the graph (an exception can leave the try
            // anywhere): each handler starts from what any block of its try held, before or after it ran, until nothing grows.
            if (!SeedHandlers())
            {
                break;
            }
        }

        void Propagate()
        {
            var rounds = 0;
            while (work.Count > 0 && rounds++ < blocks.Length * 8)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var ordinal = work.Dequeue();
                queued[ordinal] = false;
                var block = blocks[ordinal];
                var state = entry[ordinal]!.Clone();
                var context = new Context(this, summaryOf, null, null, graph, cancellationToken);
                Transfer(block, state, context);
                foreach (var successor in new[] { block.FallThroughSuccessor?.Destination, block.ConditionalSuccessor?.Destination })
                {
                    if (successor is null)
                    {
                        continue;
                    }

                    var target = entry[successor.Ordinal];
                    if (target is null)
                    {
                        entry[successor.Ordinal] = state.Clone();
                    }
                    else if (!target.UnionWith(state))
                    {
                        continue;
                    }

                    if (!queued[successor.Ordinal])
                    {
                        queued[successor.Ordinal] = true;
                        work.Enqueue(successor.Ordinal);
                    }
                }
            }
        }

        bool SeedHandlers()
        {
            var grew = false;
            foreach (var handler in HandlerRegions(graph.Root))
            {
                var tried = handler.EnclosingRegion!.Kind == ControlFlowRegionKind.FilterAndHandler
                    ? handler.EnclosingRegion.EnclosingRegion!.NestedRegions[0]
                    : handler.EnclosingRegion.NestedRegions[0];
                var seed = new State();
                for (var ordinal = tried.FirstBlockOrdinal; ordinal <= tried.LastBlockOrdinal; ordinal++)
                {
                    if (entry[ordinal] is { } before)
                    {
                        seed.UnionWith(before);
                        var after = before.Clone();
                        Transfer(blocks[ordinal], after, new Context(this, summaryOf, null, null, graph, cancellationToken));
                        seed.UnionWith(after);
                    }
                }

                var first = handler.FirstBlockOrdinal;
                if (entry[first] is null && seed.IsEmpty && !Reached(tried))
                {
                    continue;
                }

                if (entry[first] is null)
                {
                    entry[first] = seed;
                }
                else if (!entry[first]!.UnionWith(seed))
                {
                    continue;
                }

                grew = true;
                if (!queued[first])
                {
                    queued[first] = true;
                    work.Enqueue(first);
                }
            }

            return grew;
        }

        bool Reached(ControlFlowRegion region)
        {
            for (var ordinal = region.FirstBlockOrdinal; ordinal <= region.LastBlockOrdinal; ordinal++)
            {
                if (entry[ordinal] is not null)
                {
                    return true;
                }
            }

            return false;
        }

        return entry;
    }

    /// <summary>The catch, filter and finally regions of a graph, outermost first.</summary>
    private static IEnumerable<ControlFlowRegion> HandlerRegions(ControlFlowRegion region)
    {
        foreach (var nested in region.NestedRegions)
        {
            if (nested.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally)
            {
                yield return nested;
            }

            foreach (var inner in HandlerRegions(nested))
            {
                yield return inner;
            }
        }
    }

    private void Transfer(BasicBlock block, State state, Context context)
    {
        foreach (var operation in block.Operations)
        {
            Visit(operation, state, context);
        }

        if (block.BranchValue is { } branch)
        {
            Visit(branch, state, context);
        }
    }

    /// <summary>Updates the state for assignments, captures and builder calls, and checks every sink, inner ones first.</summary>
    private void Visit(IOperation operation, State state, Context context)
    {
        switch (operation)
        {
            case IFlowAnonymousFunctionOperation:
                return;
            case ISimpleAssignmentOperation assignment:
                Visit(assignment.Value, state, context);
                if (assignment.Target is ILocalReferenceOperation local)
                {
                    state.Set(local.Local, Eval(assignment.Value, state, context));
                }
                else
                {
                    Visit(assignment.Target, state, context);

                    // scope["Email"] = customer.Email (a dictionary initializer, lowered to this by the flow graph): the collection holds it.
                    if (assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection } && IsCarrier(collection.Type)
                        && Root(collection) is { } held && Eval(assignment.Value, state, context) is { } stored)
                    {
                        Hold(held, stored, state);
                    }
                }

                return;
            case ICompoundAssignmentOperation compound when compound.Target is ILocalReferenceOperation compoundTarget:
                Visit(compound.Value, state, context);
                if (Eval(compound.Value, state, context) is { } added)
                {
                    state.Set(compoundTarget.Local, added);
                }

                return;
            case IFlowCaptureOperation capture:
                Visit(capture.Value, state, context);
                state.Set(capture.Id, Eval(capture.Value, state, context));

                // A capture of a local (the receiver of sb.Append($"...") is captured before the handler is built): what is appended
                // through the capture is appended to the local.
                if (Unwrap(capture.Value) is ILocalReferenceOperation captured)
                {
                    state.Set(new CapturedLocal(capture.Id), captured.Local);
                }

                return;
            case IIsPatternOperation isPattern:
                Visit(isPattern.Value, state, context);
                Declare(isPattern.Pattern, Eval(isPattern.Value, state, context), state);
                return;
            case IDeconstructionAssignmentOperation deconstruction:
                Visit(deconstruction.Value, state, context);
                Deconstruct(deconstruction.Target, deconstruction.Value, state, context);
                return;
        }

        foreach (var child in operation.ChildOperations)
        {
            Visit(child, state, context);
        }

        switch (operation)
        {
            case IInvocationOperation invocation:
                VisitInvocation(invocation, state, context);
                break;
            case IObjectCreationOperation creation when IsException(creation.Type):
                foreach (var argument in creation.Arguments)
                {
                    foreach (var source in Sources(argument.Value, state, context))
                    {
                        context.Leak(argument.Value.Syntax, source, creation.Type!.Name, SinkKind.ExceptionMessage);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// <c>customer.Email is string email</c>: the declared local holds the tested value; <c>customer is { Email: var email }</c>: it
    /// holds the personal member the property pattern reads.
    /// </summary>
    private void Declare(IPatternOperation pattern, ISymbol? value, State state)
    {
        switch (pattern)
        {
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local }:
                state.Set(local, value);
                break;
            case IRecursivePatternOperation recursive:
                if (recursive.DeclaredSymbol is ILocalSymbol whole)
                {
                    state.Set(whole, value);
                }

                foreach (var property in recursive.PropertySubpatterns)
                {
                    var member = property.Member switch
                    {
                        IPropertyReferenceOperation p when IsPersonal(p.Property) => (ISymbol)p.Property,
                        IFieldReferenceOperation f when IsPersonal(f.Field) => f.Field,
                        _ => null,
                    };
                    Declare(property.Pattern, member, state);
                }

                break;
            case IBinaryPatternOperation binary:
                Declare(binary.LeftPattern, value, state);
                Declare(binary.RightPattern, value, state);
                break;
        }
    }

    /// <summary><c>var (mail, id) = (customer.Email, customer.Id)</c>: each local holds the element it is given.</summary>
    private void Deconstruct(IOperation target, IOperation value, State state, Context context)
    {
        target = target is IDeclarationExpressionOperation declaration ? declaration.Expression : target;
        value = Unwrap(value);
        if (target is not ITupleOperation targets || value is not ITupleOperation values || targets.Elements.Length != values.Elements.Length)
        {
            return;
        }

        for (var i = 0; i < targets.Elements.Length; i++)
        {
            var element = targets.Elements[i] is IDeclarationExpressionOperation inner ? inner.Expression : targets.Elements[i];
            switch (element)
            {
                case ILocalReferenceOperation local:
                    state.Set(local.Local, Eval(values.Elements[i], state, context));
                    break;
                case ITupleOperation:
                    Deconstruct(element, values.Elements[i], state, context);
                    break;
            }
        }
    }

    private void VisitInvocation(IInvocationOperation invocation, State state, Context context)
    {
        var method = invocation.TargetMethod;

        // sb.Append(customer.Email): the builder now holds the value; so does an interpolated-string handler's AppendFormatted
        // (sb.Append($"...{customer.Email}") appends through StringBuilder.AppendInterpolatedStringHandler).
        // scope.Add("Email", customer.Email), list.Add(new("Email", customer.Email)): so does a collection.
        if (invocation.Instance is { } instance
            && (IsStringBuilder(instance.Type) || IsInterpolatedStringHandler(instance.Type) || (IsCarrier(instance.Type) && IsAddition(method.Name)))
            && Root(instance) is { } builder
            && invocation.Arguments.Select(a => Eval(a.Value, state, context)).FirstOrDefault(s => s is not null) is { } appended)
        {
            Hold(builder, appended, state);
        }

        if (IsLoggingCall(method) || IsConsoleWriter(invocation))
        {
            var placeholders = Placeholders(invocation);
            var sinkName = SinkName(invocation);
            var position = 0;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { Ordinal: 0 } && (method.ReducedFrom ?? method).IsExtensionMethod && invocation.Instance is null
                    && SymbolEqualityComparer.Default.Equals(argument.Parameter.Type, _symbols.Logger))
                {
                    continue;
                }

                if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } values })
                {
                    foreach (var value in values.ElementValues)
                    {
                        CheckLogged(value, placeholders.ElementAtOrDefault(position++), sinkName, state, context);
                    }

                    continue;
                }

                CheckLogged(argument.Value, null, sinkName, state, context);
            }

            return;
        }

        // A method of this compilation, a local function or a lambda held in a local that passes a parameter on to a sink.
        if (OwnSummary(invocation, context) is ({ } name, { } summary))
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && summary.Sinks.TryGetValue(parameter.Ordinal, out var sink))
                {
                    foreach (var source in Sources(argument.Value, state, context))
                    {
                        context.Leak(argument.Value.Syntax, source, $"{name} → {sink}", SinkKind.Log);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The summary of the code an invocation runs when that code is this compilation's source: an ordinary or extension method
    /// bound directly (not abstract, not another assembly's), a local function (static and nested ones included), or a local
    /// that holds a lambda (<c>Action&lt;string&gt; say = s =&gt; logger.LogInformation(s); say(c.Email)</c>; every lambda
    /// assigned to it in the method counts). Null for anything else (virtual dispatch to an override, delegates in fields or
    /// parameters, other assemblies' methods): those are not followed.
    /// </summary>
    private (string Name, MethodSummary Summary)? OwnSummary(IInvocationOperation invocation, Context context)
    {
        var method = invocation.TargetMethod;
        switch (method.MethodKind)
        {
            case MethodKind.Ordinary when !method.IsAbstract && method.DeclaringSyntaxReferences.Length > 0
                && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly):
                return (method.Name, Summary(method.OriginalDefinition, null, context.CancellationToken));
            case MethodKind.LocalFunction when context.Graph is { } graph:
                return (method.Name, Summary(method.OriginalDefinition, () => graph.GetLocalFunctionControlFlowGraphInScope(method.OriginalDefinition, context.CancellationToken), context.CancellationToken));
            case MethodKind.DelegateInvoke when invocation.Instance is { } instance && Unwrap(instance) is ILocalReferenceOperation { Local: var local } && context.Graph is { } graph:
                MethodSummary? merged = null;
                foreach (var lambda in LambdasAssignedTo(local, graph))
                {
                    var summary = Summary(lambda.Symbol, () => graph.GetAnonymousFunctionControlFlowGraphInScope(lambda, context.CancellationToken), context.CancellationToken);
                    merged = merged is null ? summary : merged.Union(summary);
                }

                return merged is null ? null : (local.Name, merged);
            default:
                return null;
        }
    }

    /// <summary>The lambdas a local is assigned anywhere in the graph it belongs to (searched from this graph outwards).</summary>
    private static IEnumerable<IFlowAnonymousFunctionOperation> LambdasAssignedTo(ILocalSymbol local, ControlFlowGraph graph)
    {
        for (var current = graph; current is not null; current = current.Parent)
        {
            var found = false;
            foreach (var block in current.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    foreach (var assignment in operation.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>())
                    {
                        if (assignment.Target is ILocalReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Local, local)
                            && Unwrap(assignment.Value) is IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda })
                        {
                            found = true;
                            yield return lambda;
                        }
                    }
                }
            }

            if (found)
            {
                yield break;
            }
        }
    }

    /// <summary>A builder or collection (a local, or the flow capture standing for one) now holds the value.</summary>
    private static void Hold(object builder, ISymbol value, State state)
    {
        state.Set(builder, value);
        if (builder is CaptureId id && state.Get(new CapturedLocal(id)) is ILocalSymbol local)
        {
            state.Set(local, value);
        }
    }

    private static bool IsAddition(string name) =>
        name is "Add" or "TryAdd" or "AddRange" or "Insert" or "InsertRange" or "Push" or "Enqueue" or "Append" or "Prepend" or "Set" or "SetItem";

    /// <summary>
    /// A value that holds what it is given: a collection (a dictionary of scope state, a list), a key-value pair, a tuple. Logged,
    /// its elements are written (structured loggers enumerate collections and scope dictionaries).
    /// </summary>
    private bool IsCarrier(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol)
        {
            return true;
        }

        if (type is not INamedTypeSymbol named || named.SpecialType == SpecialType.System_String)
        {
            return false;
        }

        if (named.IsTupleType || (named.ContainingNamespace?.ToDisplayString() is "System" or "System.Collections.Generic" && named.Name is "KeyValuePair" or "Tuple"))
        {
            return true;
        }

        return SequenceElement(named) is not null;
    }

    private ITypeSymbol? SequenceElement(INamedTypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return type.TypeArguments[0];
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
                return implemented.TypeArguments[0];
            }
        }

        return null;
    }

    /// <summary>
    /// <c>Console.Write/WriteLine</c> (and <c>Console.Out</c>/<c>Console.Error</c>'s), <c>Debug</c>'s and <c>Trace</c>'s writing methods:
    /// what they write ends in the console or trace listeners, which hosts collect as logs.
    /// </summary>
    private static bool IsConsoleWriter(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        switch (type.Name)
        {
            case "Console" when method.Name is "Write" or "WriteLine" && IsSystem(type):
                return true;
            case "Debug" or "Trace" when method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "Fail"
                or "TraceInformation" or "TraceWarning" or "TraceError" && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics":
                return true;
        }

        return method.Name is "Write" or "WriteLine" && invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Out" or "Error", ContainingType: { Name: "Console" } console } }
            && IsSystem(console);

        static bool IsSystem(INamedTypeSymbol type) => type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };
    }

    private void CheckLogged(IOperation value, string? placeholder, string call, State state, Context context)
    {
        var any = false;
        var whole = Unwrap(value);
        foreach (var part in Parts(value))
        {
            // An object written into the text (concatenated or interpolated) is written as its ToString().
            var printed = ReferenceEquals(part, whole) ? null : PrintedValue(part);
            foreach (var source in printed is null ? Sources(part, state, context) : [printed])
            {
                context.Leak(Narrow(part, state, context).Syntax, source, call, SinkKind.Log);
                any = true;
            }
        }

        if (any)
        {
            return;
        }

        var type = Unwrap(value).Type;
        if (type is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct))
        {
            return;
        }

        var member = placeholder is not null && placeholder.StartsWith("@", StringComparison.Ordinal) ? Destructured(type) : Printed(type);
        if (member is not null)
        {
            context.Leak(value.Syntax, member, call, SinkKind.Log);
        }
    }

    /// <summary>The pieces of a logged text, each reported on its own: the holes of an interpolation, the operands of a concatenation.</summary>
    private static IEnumerable<IOperation> Parts(IOperation value)
    {
        switch (value)
        {
            case IConversionOperation conversion:
                return Parts(conversion.Operand);
            case IParenthesizedOperation parenthesized:
                return Parts(parenthesized.Operand);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.OfType<IInterpolationOperation>().SelectMany(p => Parts(p.Expression));
            case IBinaryOperation { Type.SpecialType: SpecialType.System_String } binary:
                return Parts(binary.LeftOperand).Concat(Parts(binary.RightOperand));
            default:
                return [value];
        }
    }

    /// <summary>The innermost part of a logged expression that carries the value (<c>customer.Email</c> inside an interpolation).</summary>
    private IOperation Narrow(IOperation value, State state, Context context)
    {
        var current = value;
        while (true)
        {
            var next = current switch
            {
                IConversionOperation c => c.Operand,
                IParenthesizedOperation p => p.Operand,
                IInterpolatedStringOperation s => s.Parts.OfType<IInterpolationOperation>().Select(i => i.Expression).FirstOrDefault(e => Eval(e, state, context) is not null),
                IBinaryOperation b => Eval(b.LeftOperand, state, context) is not null ? b.LeftOperand : b.RightOperand,
                IInvocationOperation { Instance: { } instance } when Eval(instance, state, context) is not null => instance,
                _ => null,
            };
            if (next is null || next.Syntax.SpanStart < value.Syntax.SpanStart || !value.Syntax.Span.Contains(next.Syntax.Span))
            {
                return current;
            }

            current = next;
        }
    }

    /// <summary>The personal member (or, in summary mode, the parameter) a value carries, or null.</summary>
    private ISymbol? Eval(IOperation? operation, State state, Context context)
    {
        switch (operation)
        {
            case null:
                return null;
            case IPropertyReferenceOperation property:
                if (IsPersonal(property.Property))
                {
                    return property.Property;
                }

                // An element of a collection that holds the value (emails[0], scope["Email"], a foreach's enumerator.Current).
                if (property.Instance is { } holder && (property.Property.IsIndexer || property.Property.Name == "Current")
                    && Unwrap(holder).Type?.SpecialType != SpecialType.System_String)
                {
                    return Eval(holder, state, context);
                }

                return IsAutoProperty(property.Property) ? FieldSource(property.Property, context.CancellationToken) : null;
            case IFieldReferenceOperation field:
                return IsPersonal(field.Field) ? field.Field : FieldSource(field.Field, context.CancellationToken);
            case ILocalReferenceOperation local:
                return state.Get(local.Local);
            case IFlowCaptureReferenceOperation capture:
                return state.Get(capture.Id);
            case IParameterReferenceOperation parameter:
                return context.SummaryOf is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, context.SummaryOf) ? parameter.Parameter : null;
            case IConversionOperation conversion:
                return Eval(conversion.Operand, state, context);
            case IParenthesizedOperation parenthesized:
                return Eval(parenthesized.Operand, state, context);
            case IArrayElementReferenceOperation element:
                // emails[0], c.Email.Split('@')[1]: an element of an array that holds the value.
                return Eval(element.ArrayReference, state, context);
            case IImplicitIndexerReferenceOperation { Type.SpecialType: SpecialType.System_String } slice:
                // value[..2], value[1..^1]: a piece of the text is the text's (a masked prefix still says whose it is).
                return Eval(slice.Instance, state, context);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.Select(p => p switch
                {
                    IInterpolationOperation hole => EvalText(hole.Expression, state, context),
                    IInterpolatedStringAppendOperation { AppendCall: IInvocationOperation append } => append.Arguments.Select(a => EvalText(a.Value, state, context)).FirstOrDefault(s => s is not null),
                    _ => null,
                }).FirstOrDefault(s => s is not null);
            case IInterpolatedStringHandlerCreationOperation handler:
                return Eval(handler.Content, state, context);
            case IBinaryOperation binary when binary.Type?.SpecialType == SpecialType.System_String:
                return EvalText(binary.LeftOperand, state, context) ?? EvalText(binary.RightOperand, state, context);
            case IAnonymousObjectCreationOperation anonymous:
                return anonymous.Initializers.Select(i => Eval(i is ISimpleAssignmentOperation assignment ? assignment.Value : i, state, context)).FirstOrDefault(s => s is not null);
            case ITupleOperation tuple:
                return tuple.Elements.Select(e => Eval(e, state, context)).FirstOrDefault(s => s is not null);
            case ICoalesceOperation coalesce:
                return Eval(coalesce.Value, state, context) ?? Eval(coalesce.WhenNull, state, context);
            case IConditionalOperation conditional:
                return Eval(conditional.WhenTrue, state, context) ?? Eval(conditional.WhenFalse, state, context);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Select(v => Eval(v, state, context)).FirstOrDefault(s => s is not null);
            case IObjectCreationOperation creation when IsStringBuilder(creation.Type) || IsException(creation.Type) || IsCarrier(creation.Type):
                return creation.Arguments.Select(a => Eval(a.Value, state, context)).FirstOrDefault(s => s is not null);
            case IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda }:
                return Returned(lambda, state, context);
            case IInvocationOperation invocation:
                return EvalInvocation(invocation, state, context);
            default:
                return null;
        }
    }

    /// <summary>A value written into text: what it carries, or, for an object, the personal member its <c>ToString()</c> prints.</summary>
    private ISymbol? EvalText(IOperation operation, State state, Context context) => Eval(operation, state, context) ?? PrintedValue(operation);

    private ISymbol? PrintedValue(IOperation operation)
    {
        var type = Unwrap(operation).Type;
        return type is null || type.SpecialType != SpecialType.None || type.TypeKind is not (TypeKind.Class or TypeKind.Struct) ? null : Printed(type);
    }

    /// <summary>
    /// Every parameter of the summarised method a value carries, where <see cref="Eval"/> gives only the first: in summary mode a
    /// helper that logs <c>prefix + value</c> passes both of its parameters on.
    /// </summary>
    private IEnumerable<ISymbol> EvalAll(IOperation operation, State state, Context context)
    {
        switch (operation)
        {
            case IConversionOperation conversion:
                return EvalAll(conversion.Operand, state, context);
            case IParenthesizedOperation parenthesized:
                return EvalAll(parenthesized.Operand, state, context);
            case IInterpolatedStringOperation interpolated:
                return interpolated.Parts.OfType<IInterpolationOperation>().SelectMany(p => EvalAll(p.Expression, state, context));
            case IBinaryOperation binary when binary.Type?.SpecialType == SpecialType.System_String:
                return EvalAll(binary.LeftOperand, state, context).Concat(EvalAll(binary.RightOperand, state, context));
            case IInvocationOperation { TargetMethod: { ContainingType.SpecialType: SpecialType.System_String, ReturnType.SpecialType: SpecialType.System_String } } call:
                // value.Trim(), value.ToUpperInvariant(), string.Concat(prefix, value): the receiver and the arguments (not
                // string.IsNullOrEmpty(value) or value.Contains("@"), whose flag is a derived value).
                return (call.Instance is { } receiver ? EvalAll(receiver, state, context) : [])
                    .Concat(call.Arguments.SelectMany(a => EvalAll(a.Value, state, context)));
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.SelectMany(v => EvalAll(v, state, context));
            default:
                return Eval(operation, state, context) is { } single ? [single] : [];
        }
    }

    /// <summary>What a value passed to a sink carries: in summary mode every parameter, otherwise the first personal member.</summary>
    private IEnumerable<ISymbol> Sources(IOperation operation, State state, Context context) =>
        context.SummaryOf is null
            ? (Eval(operation, state, context) is { } single ? [single] : [])
            : EvalAll(operation, state, context).Distinct(SymbolEqualityComparer.Default);

    private ISymbol? EvalInvocation(IInvocationOperation invocation, State state, Context context)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Linq")
        {
            return EvalQuery(invocation, state, context);
        }

        if (method.Name == "GetEnumerator" && invocation.Instance is { } enumerated && IsCarrier(enumerated.Type))
        {
            return Eval(enumerated, state, context);
        }

        // Encoding and hashing: the bytes of the text, a hash of them (SHA-256, MD5, HMAC...) and their hex or Base64 text are
        // pseudonymised data, still personal data (GDPR Recital 26): a stable hash links every log line to the person, and
        // the hash of an e-mail address is reversed by hashing the candidates.
        if (IsEncodingOrHash(method))
        {
            return invocation.Arguments.Select(a => Eval(a.Value, state, context)).FirstOrDefault(s => s is not null)
                ?? (invocation.Instance is { } hashed ? Eval(hashed, state, context) : null);
        }

        // A method of this compilation (an extension method on the value included), a local function or a lambda held in a
        // local: its result carries what its body returns of its arguments (Fmt.Angle(c.Email), c.Email.Masked(), Mask(c.Phone)),
        // or the personal member it returns whatever it is given; a helper returning a number or a flag carries nothing.
        if (MayCarry(method.ReturnType) && OwnSummary(invocation, context) is (_, { } summary))
        {
            if (summary.ReturnedMember is { } member)
            {
                return member;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && summary.Returns.Contains(parameter.Ordinal) && Eval(argument.Value, state, context) is { } carried)
                {
                    return carried;
                }
            }

            // An own method called on a personal value that is text (an address type's Format()): as any text-returning call on it.
            return method.ReturnType.SpecialType == SpecialType.System_String && invocation.Instance is { } own ? Eval(own, state, context) : null;
        }

        var returnsText = method.ReturnType.SpecialType is SpecialType.System_String or SpecialType.System_Object
            || IsStringBuilder(method.ReturnType) || method.ReturnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char or SpecialType.System_String };
        if (!returnsText)
        {
            // Email.Length, GetHashCode(), Equals(...): a derived value is not the value.
            return null;
        }

        if (invocation.Instance is { } instance && Eval(instance, state, context) is { } fromInstance)
        {
            return fromInstance;
        }

        // string.Format, string.Concat, string.Join, StringBuilder.Append(...), FormattableString.Invariant(...) and friends: the result
        // carries the arguments.
        var container = method.ContainingType;
        if (container.SpecialType == SpecialType.System_String || IsStringBuilder(container)
            || (container.Name is "String" or "MemoryExtensions" or "FormattableString" && container.ContainingNamespace?.Name == "System"))
        {
            return invocation.Arguments.Select(a => Eval(a.Value, state, context)).FirstOrDefault(s => s is not null);
        }

        return null;
    }

    /// <summary>
    /// <c>Encoding.GetBytes</c>, the hash functions of <c>System.Security.Cryptography</c> (<c>SHA256.HashData</c>,
    /// <c>ComputeHash</c>, <c>HMACSHA256.HashData</c>...), <c>Convert.ToHexString</c>/<c>ToBase64String</c> and
    /// <c>BitConverter.ToString</c>: their result carries their input.
    /// </summary>
    private static bool IsEncodingOrHash(IMethodSymbol method)
    {
        var type = method.ContainingType;
        var ns = type.ContainingNamespace;
        return method.Name switch
        {
            "GetBytes" => type.Name == "Encoding" || InNamespace(ns, "System", "Text"),
            "HashData" or "ComputeHash" => InNamespace(ns, "System", "Security", "Cryptography"),
            "ToHexString" or "ToHexStringLower" or "ToBase64String" => type.Name == "Convert" && InNamespace(ns, "System"),
            "ToString" => type.Name == "BitConverter" && InNamespace(ns, "System"),
            _ => false,
        };

        static bool InNamespace(INamespaceSymbol? ns, params string[] names)
        {
            for (var i = names.Length - 1; i >= 0; i--)
            {
                if (ns is null || ns.Name != names[i])
                {
                    return false;
                }

                ns = ns.ContainingNamespace;
            }

            return ns is { IsGlobalNamespace: true };
        }
    }

    /// <summary>
    /// A LINQ operator: its result carries what its source carries (<c>emails.ToList()</c>, <c>emails.First()</c>), and what a selector
    /// returns when the result is made of it (<c>customers.Select(c =&gt; c.Email)</c>, <c>ToDictionary(c =&gt; c.Email)</c>; not
    /// <c>OrderBy(c =&gt; c.Email)</c>, whose elements are the customers). Counts, sums and tests (<c>Count()</c>, <c>Any(...)</c>)
    /// are derived values.
    /// </summary>
    private ISymbol? EvalQuery(IInvocationOperation invocation, State state, Context context)
    {
        var result = invocation.TargetMethod.ReturnType;
        if (result.SpecialType is not (SpecialType.None or SpecialType.System_String or SpecialType.System_Object) || result.TypeKind == TypeKind.Enum)
        {
            return null;
        }

        var arguments = invocation.Arguments;
        if (arguments.Length == 0)
        {
            return null;
        }

        if (Eval(invocation.Instance ?? arguments[0].Value, state, context) is { } source)
        {
            return source;
        }

        foreach (var argument in arguments)
        {
            if (Unwrap(argument.Value) is IDelegateCreationOperation { Target: IFlowAnonymousFunctionOperation lambda }
                && Produces(result, lambda.Symbol.ReturnType) && Returned(lambda, state, context) is { } selected)
            {
                return selected;
            }
        }

        return null;
    }

    /// <summary>True when a query's result is made of the selector's values: the type itself, or one of its type arguments.</summary>
    private static bool Produces(ITypeSymbol result, ITypeSymbol selected) =>
        SymbolEqualityComparer.Default.Equals(result, selected)
        || (result is IArrayTypeSymbol array && SymbolEqualityComparer.Default.Equals(array.ElementType, selected))
        || (result is INamedTypeSymbol named && named.TypeArguments.Contains(selected, SymbolEqualityComparer.Default));

    /// <summary>
    /// What a method of this compilation (or a local function, or a lambda) does with its parameters: which reach a sink, which its
    /// return value carries; computed once per method. <paramref name="graphOf"/> gives the graph of a local function or lambda
    /// (from the graph that holds it); an ordinary method's is built from its syntax.
    /// </summary>
    private MethodSummary Summary(IMethodSymbol method, Func<ControlFlowGraph?>? graphOf, CancellationToken cancellationToken)
    {
        if (_summaries.TryGetValue(method, out var known))
        {
            return known;
        }

        // Recursion (a helper calling itself, two helpers calling each other) sees an empty summary while this one is
        // computed, on this thread only: the compiler analyses methods concurrently, and another thread asking for the
        // same helper must not take the placeholder for its summary (it computes the summary itself).
        var inProgress = InProgress ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(method))
        {
            return MethodSummary.Empty;
        }

        try
        {
            return _summaries.GetOrAdd(method, ComputeSummary(method, graphOf, cancellationToken));
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    private MethodSummary ComputeSummary(IMethodSymbol method, Func<ControlFlowGraph?>? graphOf, CancellationToken cancellationToken)
    {
        var result = new SummaryBuilder();

        // Only a body that can reach a sink, or one whose return value can carry text, is worth a graph: a helper returning a
        // number, a flag or nothing, and calling no sink, has an empty summary without being bound.
        var returnsCarrier = MayCarry(method.ReturnType);
        if (graphOf is not null)
        {
            if (returnsCarrier || method.DeclaringSyntaxReferences.Any(r => MayLeak(r.GetSyntax(cancellationToken))))
            {
                ControlFlowGraph? graph = null;
                try
                {
                    graph = graphOf();
                }
                catch (ArgumentException)
                {
                    // Not in this graph's scope (a lambda of another body): nothing to follow.
                }

                if (graph is not null)
                {
                    Run(graph, method, leaks: null, result, cancellationToken);
                }
            }

            return result.ToSummary();
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!returnsCarrier && !MayLeak(syntax))
            {
                continue;
            }

#pragma warning disable RS1030 // Binding only the bodies of called methods that may pass a value to a sink or return it, once each.
            var semantic = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (semantic.GetOperation(syntax, cancellationToken) is { } body && ControlFlowGraphOf(body, cancellationToken) is { } graph)
            {
                Run(graph, method, leaks: null, result, cancellationToken);
            }
        }

        return result.ToSummary();
    }

    /// <summary>
    /// A return type that can carry the value: text, an object, or any other type that is not a number, a flag, a date or an
    /// enum (a tuple, a record, an array). <c>int Hash(string value)</c> and <c>bool IsValid(string value)</c> return derived values.
    /// </summary>
    private static bool MayCarry(ITypeSymbol type) =>
        type.SpecialType is SpecialType.None or SpecialType.System_String or SpecialType.System_Object
        && type.TypeKind != TypeKind.Enum && type is not INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 0 };

    /// <summary>
    /// An auto-property declared in this compilation (<c>{ get; private set; }</c>): storage like a field, so a personal value
    /// its type assigns to it is followed as a field's is.
    /// </summary>
    private static bool IsAutoProperty(IPropertySymbol property) =>
        !property.IsIndexer && !property.IsAbstract && property.SetMethod is not null && property.DeclaringSyntaxReferences.Length == 1
        && property.DeclaringSyntaxReferences[0].GetSyntax() is PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null }
        && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);

    /// <summary>
    /// A field (or an auto-property) is personal when its type assigns it a personal value (<c>_lastEmail = customer.Email</c>,
    /// <c>LastEmail = customer.Email</c>).
    /// </summary>
    private ISymbol? FieldSource(ISymbol field, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Length == 0 || field is IFieldSymbol { IsConst: true })
        {
            return null;
        }

        if (_fields.TryGetValue(field, out var known))
        {
            return known;
        }

        // A field assigned from itself (or from a field assigned from it) sees no source while its own is looked for, on this
        // thread only (see Summary).
        var inProgress = InProgress ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        if (!inProgress.Add(field))
        {
            return null;
        }

        try
        {
            return _fields.GetOrAdd(field, FindFieldSource(field, cancellationToken));
        }
        finally
        {
            inProgress.Remove(field);
        }
    }

    private ISymbol? FindFieldSource(ISymbol field, CancellationToken cancellationToken)
    {
        ISymbol? found = null;
        foreach (var typeReference in field.ContainingType.DeclaringSyntaxReferences)
        {
            var typeSyntax = typeReference.GetSyntax(cancellationToken);
            SemanticModel? semantic = null;
            foreach (var assignment in typeSyntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                var target = assignment.Left is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access ? access.Name : assignment.Left;
                if (target is not IdentifierNameSyntax { Identifier.ValueText: var name } || name != field.Name)
                {
                    continue;
                }

#pragma warning disable RS1030 // Binding only the assignments to a field that is logged, once per field.
                semantic ??= _compilation.GetSemanticModel(typeSyntax.SyntaxTree);
#pragma warning restore RS1030
                if (SymbolEqualityComparer.Default.Equals(semantic.GetSymbolInfo(target, cancellationToken).Symbol, field)
                    && Eval(semantic.GetOperation(assignment.Right, cancellationToken), new State(), new Context(this, null, null, null, null, cancellationToken)) is { } source)
                {
                    found = source;
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// What <c>ToString()</c> writes of a type that is personal: a record's synthesized one prints every public member; a type's
    /// own override is read for the personal members it uses. Types without their own <c>ToString()</c> print their name.
    /// </summary>
    private ISymbol? Printed(ITypeSymbol type) => _printed.GetOrAdd(type.OriginalDefinition, t =>
    {
        for (var current = t as INamedTypeSymbol; current is not null && current.SpecialType == SpecialType.None; current = current.BaseType)
        {
            var toString = current.GetMembers("ToString").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0 && m.IsOverride);
            if (toString is null)
            {
                continue;
            }

            if (toString.IsImplicitlyDeclared && current.IsRecord)
            {
                return PublicPersonalMember(current);
            }

            foreach (var reference in toString.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
#pragma warning disable RS1030 // Binding only a ToString() override of a type that is logged, once per type.
                var semantic = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
                foreach (var name in syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (semantic.GetSymbolInfo(name).Symbol is { Kind: SymbolKind.Property or SymbolKind.Field } member && IsPersonal(member))
                    {
                        return member;
                    }
                }
            }

            return null;
        }

        return null;
    });

    /// <summary>What a structured logger writes for <c>{@Customer}</c>: every public property.</summary>
    private ISymbol? Destructured(ITypeSymbol type) => _destructured.GetOrAdd(type.OriginalDefinition, t => PublicPersonalMember((INamedTypeSymbol)t));

    private ISymbol? PublicPersonalMember(INamedTypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType == SpecialType.None; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, IsIndexer: false } or IFieldSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public }
                    && IsPersonal(member))
                {
                    return member;
                }
            }
        }

        return null;
    }

    /// <summary>The placeholders of a logging call's message template, in order (<c>@Customer</c> for <c>{@Customer}</c>).</summary>
    private static List<string> Placeholders(IInvocationOperation invocation)
    {
        var result = new List<string>();
        var template = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name is "message" or "messageFormat")?.Value.ConstantValue;
        if (template is not { HasValue: true, Value: string text })
        {
            return result;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                continue;
            }

            var end = text.IndexOf('}', i);
            if (end < 0)
            {
                break;
            }

            result.Add(text.Substring(i + 1, end - i - 1));
            i = end;
        }

        return result;
    }

    public bool IsLoggingCall(IMethodSymbol method)
    {
        var original = method.ReducedFrom ?? method;
        if (_symbols.LoggerExtensions is not null && SymbolEqualityComparer.Default.Equals(original.ContainingType, _symbols.LoggerExtensions))
        {
            return true;
        }

        if (_symbols.Logger is not null && original.Name is "Log" or "BeginScope"
            && (SymbolEqualityComparer.Default.Equals(original.ContainingType, _symbols.Logger)
                || original.ContainingType.AllInterfaces.Contains(_symbols.Logger, SymbolEqualityComparer.Default)))
        {
            return true;
        }

        // A LoggerMessage.Define delegate (Action<ILogger, T1, ..., Exception?>): invoking it logs every argument.
        if (_symbols.Logger is not null && original.MethodKind == MethodKind.DelegateInvoke && original.Parameters.Length > 1
            && SymbolEqualityComparer.Default.Equals(original.Parameters[0].Type, _symbols.Logger))
        {
            return true;
        }

        return _symbols.LoggerMessage is not null && PrivacySymbols.HasAttribute(original.PartialDefinitionPart ?? original, _symbols.LoggerMessage);
    }

    /// <summary>How a logging call is named in the message: the method, or for a <c>LoggerMessage.Define</c> delegate the field, property or local that holds it.</summary>
    private static string SinkName(IInvocationOperation invocation) =>
        IsConsoleWriter(invocation)
            ? (invocation.Instance is IPropertyReferenceOperation stream ? $"Console.{stream.Property.Name}." : invocation.TargetMethod.ContainingType.Name + ".") + invocation.TargetMethod.Name
            : invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
            ? Unwrap(invocation.Instance!) switch
            {
                IFieldReferenceOperation field => field.Field.Name,
                IPropertyReferenceOperation property => property.Property.Name,
                ILocalReferenceOperation local => local.Local.Name,
                IParameterReferenceOperation parameter => parameter.Parameter.Name,
                _ => invocation.TargetMethod.Name,
            }
            : invocation.TargetMethod.Name;

    private bool IsPersonal(ISymbol member)
    {
        // A primary key is an identifier, what the rule asks to log instead: ASP.NET Core Identity marks IdentityUser.Id
        // [PersonalData] (it goes into the user's download), yet logging user.Id is what its docs recommend.
        if (IsPrimaryKey(member))
        {
            return false;
        }

        for (var current = member.OriginalDefinition; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (_symbols.IsPersonalData(attribute) || _symbols.IsIdentityPersonalData(attribute))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A primary key member: <c>Id</c> or <c>&lt;Type&gt;Id</c> of its declaring type (EF Core's convention), or <c>[Key]</c>, unless
    /// its name says it is personal data itself (a natural key such as <c>[Key] Email</c>).
    /// </summary>
    private bool IsPrimaryKey(ISymbol member)
    {
        if (member is not IPropertySymbol and not IFieldSymbol || member.ContainingType is not { } owner)
        {
            return false;
        }

        var name = member.Name;
        var conventional = name == "Id" || name == owner.OriginalDefinition.Name + "Id";
        if (!conventional && !PrivacySymbols.HasAttribute(member, _symbols.Key))
        {
            return false;
        }

        return PersonalDataKinds.Of(name, member is IPropertySymbol property ? property.Type : ((IFieldSymbol)member).Type) is null;
    }

    private bool IsStringBuilder(ITypeSymbol? type) => type is not null && _stringBuilder is not null && SymbolEqualityComparer.Default.Equals(type, _stringBuilder);

    private static bool IsInterpolatedStringHandler(ITypeSymbol? type) =>
        type is not null && type.GetAttributes().Any(a => a.AttributeClass is { Name: "InterpolatedStringHandlerAttribute" } attribute
            && attribute.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices");

    private bool IsException(ITypeSymbol? type)
    {
        for (var current = type; current is not null && _exception is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _exception))
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation Unwrap(IOperation operation) => operation is IConversionOperation conversion ? Unwrap(conversion.Operand) : operation;

    /// <summary>The local a builder expression stands for (<c>sb</c>, or the capture of <c>sb.Append(a)</c> in a chain).</summary>
    /// <summary>The key under which the state remembers which local a flow capture holds.</summary>
    private readonly struct CapturedLocal(CaptureId id) : IEquatable<CapturedLocal>
    {
        public CaptureId Id { get; } = id;

        public bool Equals(CapturedLocal other) => Id.Equals(other.Id);

        public override bool Equals(object? obj) => obj is CapturedLocal other && Equals(other);

        public override int GetHashCode() => Id.GetHashCode();
    }

    private static object? Root(IOperation operation) => Unwrap(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFlowCaptureReferenceOperation capture => capture.Id,
        IInvocationOperation { Instance: { } inner } => Root(inner),
        _ => null,
    };

    private static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        GenericNameSyntax generic => generic.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        _ => null,
    };

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        _ => string.Empty,
    };

    private static bool IsLogName(string name) => name.StartsWith("Log", StringComparison.Ordinal) || name == "BeginScope";

    /// <summary>
    /// <c>Console.WriteLine(...)</c>, <c>Console.Out.Write(...)</c>, <c>Debug.Print(...)</c>, <c>Trace.TraceWarning(...)</c> (or
    /// <c>WriteLine(...)</c> under <c>using static System.Console</c>) as written, before binding: not every <c>Write</c>, which would
    /// give a flow graph to every body that writes to a stream.
    /// </summary>
    private static bool IsConsoleWriterCall(InvocationExpressionSyntax invocation, string name)
    {
        if (name is not ("Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print" or "Fail" or "TraceInformation" or "TraceWarning" or "TraceError"))
        {
            return false;
        }

        var receiver = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            IdentifierNameSyntax => null,
            _ => (ExpressionSyntax?)null,
        };
        if (receiver is null)
        {
            return invocation.Expression is IdentifierNameSyntax;
        }

        if (receiver is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Out" or "Error" } stream)
        {
            receiver = stream.Expression;
        }

        return receiver switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText is "Console" or "Debug" or "Trace",
            MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText is "Console" or "Debug" or "Trace",
            _ => false,
        };
    }

    /// <summary>
    /// The names a body must call to be worth a flow graph, read from syntax once per compilation: <c>[LoggerMessage]</c> methods,
    /// and methods with parameters whose body calls a sink (repeated, so that a helper of a helper counts); and the names of the
    /// exception types this compilation declares (a class whose base type is spelled <c>…Exception</c> or is one of them,
    /// repeated), since an exception's message is a sink whatever the type is called.
    /// </summary>
    /// <remarks>
    /// Only the files that can hold such a method or type are walked: one whose text contains a sink word (<see cref="SinkWords"/>:
    /// every logging call, <c>[LoggerMessage]</c>, <c>LoggerMessage.Define</c>, console write and exception type deriving from
    /// <c>Exception</c> is spelled with one) or a name already collected (a helper of a helper, a type deriving from an exception
    /// type of this compilation). Walking the syntax of every file, when almost none logs, was NCSP006's whole cost on a layered
    /// model of 1,000 configurations (docs/performance.md, section 4, round 5). The names are a superset: what is reported is
    /// decided on the bound operations (an exception is a type deriving from <c>System.Exception</c>).
    /// </remarks>
    private SinkNames CollectSinkNames()
    {
        var names = new SinkNames();
        var candidates = new List<(string Name, SyntaxNode Body)>();
        var types = new List<(string Name, string Base)>();
        var unread = new List<(SyntaxTree Tree, string Text)>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var text = tree.GetText().ToString();
            if (ContainsAny(text, SinkWords))
            {
                ReadSinkCandidates(tree, names, candidates, types);
            }
            else
            {
                unread.Add((tree, text));
            }
        }

        for (var round = 0; round < 8; round++)
        {
            // A file without a sink word can only call a sink, or derive from an exception type, through a name collected so far.
            var words = names.Methods.Concat(names.Exceptions).ToList();
            if (words.Count > 0 && unread.Count > 0)
            {
                unread.RemoveAll(file =>
                {
                    if (!ContainsAny(file.Text, words))
                    {
                        return false;
                    }

                    ReadSinkCandidates(file.Tree, names, candidates, types);
                    return true;
                });
            }

            var added = false;
            foreach (var (name, baseName) in types)
            {
                if (!names.Exceptions.Contains(name) && (baseName.EndsWith("Exception", StringComparison.Ordinal) || names.Exceptions.Contains(baseName)))
                {
                    names.Exceptions.Add(name);
                    added = true;
                }
            }

            foreach (var (name, body) in candidates)
            {
                if (!names.Methods.Contains(name) && CallsSink(body, names))
                {
                    names.Methods.Add(name);
                    added = true;
                }
            }

            if (!added)
            {
                break;
            }
        }

        names.Words = [.. names.Methods, .. names.Exceptions.Where(n => n.IndexOf("Exception", StringComparison.Ordinal) < 0)];
        return names;
    }

    private static bool ContainsAny(string text, IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            if (text.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A file's <c>[LoggerMessage]</c> methods and <c>LoggerMessage.Define</c> fields (names), its methods with parameters
    /// (candidates), and its classes and records with a base type (candidate exception types, with the base type's name).
    /// </summary>
    private static void ReadSinkCandidates(SyntaxTree tree, SinkNames names, List<(string Name, SyntaxNode Body)> candidates, List<(string Name, string Base)> types)
    {
        foreach (var member in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
        {
            // class PaymentFailed(string message) : Exception(message); record DomainError : ApplicationException.
            if (member is ClassDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.ValueText: not "struct" }
                && ((TypeDeclarationSyntax)member).BaseList is { Types.Count: > 0 } baseList)
            {
                types.Add((((TypeDeclarationSyntax)member).Identifier.ValueText, TypeName(baseList.Types[0].Type)));
                continue;
            }

            // private static readonly Action<ILogger, string, Exception?> SignedIn = LoggerMessage.Define<string>(...);
            if (member is BaseFieldDeclarationSyntax field)
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer?.Value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver, Name.Identifier.ValueText: "Define" } }
                        && receiver is NameSyntax receiverName && TypeName(receiverName) == "LoggerMessage")
                    {
                        names.Methods.Add(variable.Identifier.ValueText);
                    }
                }

                continue;
            }

            if (member is not MethodDeclarationSyntax method)
            {
                continue;
            }

            if (method.AttributeLists.SelectMany(l => l.Attributes).Any(a => TypeName(a.Name) is "LoggerMessage" or "LoggerMessageAttribute"))
            {
                names.Methods.Add(method.Identifier.ValueText);
            }
            else if (method.ParameterList.Parameters.Count > 0 && (method.Body ?? (SyntaxNode?)method.ExpressionBody) is { } body)
            {
                candidates.Add((method.Identifier.ValueText, body));
            }
        }
    }

    /// <summary>
    /// True when a body's syntax calls something spelled like a sink: a logging method, the console's or trace's writers, a method
    /// collected as passing a parameter to one, the creation of an exception type (by name: <c>…Exception</c> or one this
    /// compilation declares), or a <c>throw new …</c> of any type.
    /// </summary>
    private static bool CallsSink(SyntaxNode body, SinkNames names)
    {
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation when CalledName(invocation) is { } name
                    && (IsLogName(name) || names.Methods.Contains(name) || IsConsoleWriterCall(invocation, name)):
                case ObjectCreationExpressionSyntax { Type: var type } when TypeName(type) is var typeName
                    && (typeName.EndsWith("Exception", StringComparison.Ordinal) || names.Exceptions.Contains(typeName)):
                case ThrowStatementSyntax { Expression: BaseObjectCreationExpressionSyntax }:
                case ThrowExpressionSyntax { Expression: BaseObjectCreationExpressionSyntax }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The names <see cref="CollectSinkNames"/> finds.</summary>
    private sealed class SinkNames
    {
        /// <summary>Methods (and <c>LoggerMessage.Define</c> fields) a call to which may reach a sink.</summary>
        public HashSet<string> Methods { get; } = new(StringComparer.Ordinal);

        /// <summary>Classes and records of this compilation that may derive from <c>System.Exception</c>.</summary>
        public HashSet<string> Exceptions { get; } = new(StringComparer.Ordinal);

        /// <summary>The names a file's text must contain, beyond the sink words, to be looked at.</summary>
        public string[] Words { get; set; } = [];
    }

    private sealed class Context(PersonalDataFlow flow, IMethodSymbol? summaryOf, List<PersonalDataLeak>? leaks, SummaryBuilder? summary, ControlFlowGraph? graph, CancellationToken cancellationToken)
    {
        public IMethodSymbol? SummaryOf { get; } = summaryOf;

        public ControlFlowGraph? Graph { get; } = graph;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public HashSet<SyntaxNode>? Reported { get; set; }

        public PersonalDataFlow Flow { get; } = flow;

        public void Leak(SyntaxNode at, ISymbol source, string sink, SinkKind kind)
        {
            if (source is IParameterSymbol parameter)
            {
                // Summary mode: this parameter reaches a sink (exceptions included: a helper that throws with it).
                if (summary is not null && !summary.Sinks.ContainsKey(parameter.Ordinal))
                {
                    summary.Sinks[parameter.Ordinal] = kind == SinkKind.Log ? sink : "new " + sink;
                }

                return;
            }

            if (leaks is not null && (Reported is null || Reported.Add(at)))
            {
                leaks.Add(new PersonalDataLeak(at, source, sink, kind));
            }
        }
    }

    /// <summary>
    /// What a method of this compilation does with its parameters (by ordinal): which reach a sink, and through which call; which
    /// its return value carries; and the personal member it returns whatever it is given (<c>string Describe() =&gt; Email</c>).
    /// </summary>
    private sealed class MethodSummary(ImmutableDictionary<int, string> sinks, ImmutableHashSet<int> returns, ISymbol? returnedMember)
    {
        public static readonly MethodSummary Empty = new(ImmutableDictionary<int, string>.Empty, ImmutableHashSet<int>.Empty, null);

        public ImmutableDictionary<int, string> Sinks { get; } = sinks;

        public ImmutableHashSet<int> Returns { get; } = returns;

        public ISymbol? ReturnedMember { get; } = returnedMember;

        /// <summary>Either of two lambdas a local may hold: what either does.</summary>
        public MethodSummary Union(MethodSummary other)
        {
            var sinks = Sinks;
            foreach (var pair in other.Sinks)
            {
                if (!sinks.ContainsKey(pair.Key))
                {
                    sinks = sinks.Add(pair.Key, pair.Value);
                }
            }

            return new MethodSummary(sinks, Returns.Union(other.Returns), ReturnedMember ?? other.ReturnedMember);
        }
    }

    /// <summary>A <see cref="MethodSummary"/> while its method's graph is walked.</summary>
    private sealed class SummaryBuilder
    {
        public Dictionary<int, string> Sinks { get; } = new();

        public HashSet<int> Returns { get; } = new();

        public ISymbol? ReturnedMember { get; set; }

        public MethodSummary ToSummary() =>
            Sinks.Count == 0 && Returns.Count == 0 && ReturnedMember is null
                ? MethodSummary.Empty
                : new MethodSummary(Sinks.ToImmutableDictionary(), Returns.ToImmutableHashSet(), ReturnedMember);
    }

    /// <summary>What each local and flow capture holds: the personal member (or parameter) it carries.</summary>
    private sealed class State
    {
        private readonly Dictionary<object, ISymbol> _values = new();

        public ISymbol? Get(object key) => _values.TryGetValue(key, out var value) ? value : null;

        public void Set(object key, ISymbol? value)
        {
            if (value is null)
            {
                _values.Remove(key);
            }
            else
            {
                _values[key] = value;
            }
        }

        public State Clone()
        {
            var clone = new State();
            foreach (var pair in _values)
            {
                clone._values[pair.Key] = pair.Value;
            }

            return clone;
        }

        public bool IsEmpty => _values.Count == 0;

        /// <summary>Adds what the other state holds (the keys <paramref name="keep"/> accepts); true when this state grew.</summary>
        public bool UnionWith(State other, Func<object, bool>? keep = null)
        {
            var grew = false;
            foreach (var pair in other._values)
            {
                if ((keep is null || keep(pair.Key)) && !_values.ContainsKey(pair.Key))
                {
                    _values[pair.Key] = pair.Value;
                    grew = true;
                }
            }

            return grew;
        }
    }
}
