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
/// <c>Join</c>, <c>StringBuilder</c>, string-returning calls on it such as <c>Trim()</c>) and stops at anything else
/// (<c>Email.Length</c>, a hash, a mask: derived values are not the value). Sinks are the logging calls (the
/// <c>LoggerExtensions</c> methods, <c>ILogger.Log</c>, <c>BeginScope</c>, <c>[LoggerMessage]</c> methods), methods of this
/// compilation whose parameter reaches one (summarised once per method), and the message of an exception being created.
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
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableDictionary<int, string>> _summaries = new(SymbolEqualityComparer.Default);

    /// <summary>The helpers and fields whose summary this thread is computing (a recursion guard per thread).</summary>
    [ThreadStatic]
    private static HashSet<ISymbol>? InProgress;
    private readonly Lazy<HashSet<string>> _sinkNames;

    public PersonalDataFlow(Compilation compilation, PrivacySymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
        _stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
        _exception = compilation.GetTypeByMetadataName("System.Exception");
        _sinkNames = new Lazy<HashSet<string>>(CollectSinkNames, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>
    /// A cheap syntactic test, so that only bodies that can hold a sink are bound and given a flow graph: a call spelled like a
    /// logging method (<c>Log...</c>, <c>BeginScope</c>, a <c>[LoggerMessage]</c> method's name), like a method of this compilation
    /// that passes a parameter to one, or the creation of an <c>...Exception</c>.
    /// </summary>
    public bool MayLeak(SyntaxNode body)
    {
        var names = _sinkNames.Value;
        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation when CalledName(invocation) is { } name
                    && (IsLogName(name) || names.Contains(name) || IsConsoleWriterCall(invocation, name)):
                case ObjectCreationExpressionSyntax { Type: var type } when TypeName(type).EndsWith("Exception", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A cheaper test on a file's text first: every sink is called by a name that contains one of these words (<c>Log…</c>,
    /// <c>BeginScope</c>, <c>…Exception</c>, the console's and trace's <c>Write…</c>/<c>Print</c>/<c>Fail</c>/<c>Trace…</c>), or by
    /// the name of a method of this compilation that passes a parameter to one.
    /// </summary>
    public bool MayLeakIn(string text) => ContainsAny(text, SinkWords) || ContainsAny(text, _sinkNames.Value);

    private static readonly string[] SinkWords = ["Log", "BeginScope", "Exception", "Write", "Print", "Fail", "Trace"];

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
    private void Run(ControlFlowGraph graph, IMethodSymbol? summaryOf, List<PersonalDataLeak>? leaks, Dictionary<int, string>? summary, CancellationToken cancellationToken,
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

        // A method of this compilation that passes a parameter on to a sink.
        if (method.MethodKind == MethodKind.Ordinary && !method.IsAbstract && method.DeclaringSyntaxReferences.Length > 0
            && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            var summary = Summary(method.OriginalDefinition, context.CancellationToken);
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && summary.TryGetValue(parameter.Ordinal, out var sink))
                {
                    foreach (var source in Sources(argument.Value, state, context))
                    {
                        context.Leak(argument.Value.Syntax, source, $"{method.Name} → {sink}", SinkKind.Log);
                    }
                }
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
            case IInvocationOperation { TargetMethod.ContainingType.SpecialType: SpecialType.System_String } call:
                return call.Arguments.SelectMany(a => EvalAll(a.Value, state, context));
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

        var returnsText = method.ReturnType.SpecialType is SpecialType.System_String or SpecialType.System_Object
            || IsStringBuilder(method.ReturnType) || method.ReturnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char };
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

    /// <summary>Parameters of a method of this compilation that reach a sink, by ordinal, with the sink; computed once.</summary>
    private ImmutableDictionary<int, string> Summary(IMethodSymbol method, CancellationToken cancellationToken)
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
            return ImmutableDictionary<int, string>.Empty;
        }

        try
        {
            return _summaries.GetOrAdd(method, ComputeSummary(method, cancellationToken));
        }
        finally
        {
            inProgress.Remove(method);
        }
    }

    private ImmutableDictionary<int, string> ComputeSummary(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, string>();
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!MayLeak(syntax))
            {
                continue;
            }

#pragma warning disable RS1030 // Binding only the bodies of called methods that may pass a value to a sink, once each.
            var semantic = _compilation.GetSemanticModel(syntax.SyntaxTree);
#pragma warning restore RS1030
            if (semantic.GetOperation(syntax, cancellationToken) is { } body && ControlFlowGraphOf(body, cancellationToken) is { } graph)
            {
                Run(graph, method, leaks: null, result, cancellationToken);
            }
        }

        return result.ToImmutableDictionary();
    }

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
    /// and methods with parameters whose body calls a sink (repeated, so that a helper of a helper counts).
    /// </summary>
    /// <remarks>
    /// Only the files that can hold such a method are walked: one whose text contains a sink word (<see cref="SinkWords"/>: every
    /// logging call, <c>[LoggerMessage]</c>, <c>LoggerMessage.Define</c>, console write and exception creation is spelled with one)
    /// or a name already collected (a helper of a helper). Walking the syntax of every file, when almost none logs, was NCSP006's
    /// whole cost on a layered model of 1,000 configurations (docs/performance.md, section 4, round 5).
    /// </remarks>
    private HashSet<string> CollectSinkNames()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<(string Name, SyntaxNode Body)>();
        var unread = new List<(SyntaxTree Tree, string Text)>();
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var text = tree.GetText().ToString();
            if (ContainsAny(text, SinkWords))
            {
                ReadSinkCandidates(tree, names, candidates);
            }
            else
            {
                unread.Add((tree, text));
            }
        }

        for (var round = 0; round < 3; round++)
        {
            // A file without a sink word can only call a sink through a name collected so far.
            if (names.Count > 0 && unread.Count > 0)
            {
                unread.RemoveAll(file =>
                {
                    if (!ContainsAny(file.Text, names))
                    {
                        return false;
                    }

                    ReadSinkCandidates(file.Tree, names, candidates);
                    return true;
                });
            }

            var added = false;
            foreach (var (name, body) in candidates)
            {
                if (!names.Contains(name) && CallsSink(body, names))
                {
                    names.Add(name);
                    added = true;
                }
            }

            if (!added)
            {
                break;
            }
        }

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

    /// <summary>A file's <c>[LoggerMessage]</c> methods and <c>LoggerMessage.Define</c> fields (names), and its methods with parameters (candidates).</summary>
    private static void ReadSinkCandidates(SyntaxTree tree, HashSet<string> names, List<(string Name, SyntaxNode Body)> candidates)
    {
        foreach (var member in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax).OfType<MemberDeclarationSyntax>())
        {
            // private static readonly Action<ILogger, string, Exception?> SignedIn = LoggerMessage.Define<string>(...);
            if (member is BaseFieldDeclarationSyntax field)
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer?.Value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: var receiver, Name.Identifier.ValueText: "Define" } }
                        && receiver is NameSyntax receiverName && TypeName(receiverName) == "LoggerMessage")
                    {
                        names.Add(variable.Identifier.ValueText);
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
                names.Add(method.Identifier.ValueText);
            }
            else if (method.ParameterList.Parameters.Count > 0 && (method.Body ?? (SyntaxNode?)method.ExpressionBody) is { } body)
            {
                candidates.Add((method.Identifier.ValueText, body));
            }
        }
    }

    private static bool CallsSink(SyntaxNode body, HashSet<string> names)
    {
        foreach (var node in body.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax invocation && CalledName(invocation) is { } name
                && (IsLogName(name) || names.Contains(name) || IsConsoleWriterCall(invocation, name)))
            {
                return true;
            }

            if (node is ObjectCreationExpressionSyntax { Type: var type } && TypeName(type).EndsWith("Exception", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Context(PersonalDataFlow flow, IMethodSymbol? summaryOf, List<PersonalDataLeak>? leaks, Dictionary<int, string>? summary, ControlFlowGraph? graph, CancellationToken cancellationToken)
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
                if (summary is not null && !summary.ContainsKey(parameter.Ordinal))
                {
                    summary[parameter.Ordinal] = kind == SinkKind.Log ? sink : "new " + sink;
                }

                return;
            }

            if (leaks is not null && (Reported is null || Reported.Add(at)))
            {
                leaks.Add(new PersonalDataLeak(at, source, sink, kind));
            }
        }
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
