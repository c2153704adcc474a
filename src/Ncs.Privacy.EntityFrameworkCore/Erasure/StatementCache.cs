using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Query;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>What a value that varies from one erasure to the next is, so that a cached statement can compute it again.</summary>
internal enum CallValueKind
{
    /// <summary>The subject's key, converted to the root key's CLR type.</summary>
    SubjectId,

    /// <summary>The plan's identifier (its audit record's).</summary>
    PlanId,

    /// <summary>A retention rule's cut-off for the plan's time: <see cref="RetentionRule.LatestExpiredAnchor"/>.</summary>
    Cutoff,
}

/// <summary>Where a value that varies per call comes from; equal sources give equal values within one call.</summary>
/// <param name="Kind">The value's kind.</param>
/// <param name="Rule">For <see cref="CallValueKind.Cutoff"/>, the rule whose cut-off it is.</param>
/// <param name="DateKind">For a <c>DateTime</c> cut-off, the kind the anchor column holds (UTC, or none).</param>
internal sealed record CallValueSource(CallValueKind Kind, RetentionRule? Rule = null, DateTimeKind DateKind = DateTimeKind.Unspecified)
{
    public static readonly CallValueSource SubjectId = new(CallValueKind.SubjectId);

    public static readonly CallValueSource PlanId = new(CallValueKind.PlanId);

    /// <summary>The value for this call, of <paramref name="type"/> (boxed).</summary>
    public object? ValueFor(CallInputs inputs, Type type) => Kind switch
    {
        CallValueKind.SubjectId => inputs.SubjectId,
        CallValueKind.PlanId => inputs.PlanId,
        _ => Rule!.LatestExpiredAnchor(inputs.Now) is { } cutoff
            ? (Nullable.GetUnderlyingType(type) ?? type) == typeof(DateOnly) ? DateOnly.FromDateTime(cutoff) : DateTime.SpecifyKind(cutoff, DateKind)
            : null,
    };
}

/// <summary>What varies between two erasures of one model: the subject's key (converted), the plan's time (UTC) and the plan's id.</summary>
internal readonly record struct CallInputs(object SubjectId, DateTime Now, Guid PlanId);

/// <summary>A holder whose value a cached statement takes as a parameter: see <see cref="CallValues"/>.</summary>
internal interface ICallValue
{
    CallValueSource Source { get; }
}

/// <summary>A <see cref="StrongBox{T}"/> that says where its value comes from.</summary>
internal sealed class CallValue<T>(T value, CallValueSource source) : StrongBox<T>(value), ICallValue
{
    public CallValueSource Source { get; } = source;
}

/// <summary>
/// Values that vary per call, in a query tree: a field of a holder (EF Core sends it as a parameter, never as a literal),
/// and a holder that names its source, so that <see cref="StatementCache"/> can turn the field into a parameter of a
/// compiled query and compute its value for the next call without building the tree again.
/// </summary>
internal static class CallValues
{
    /// <summary><c>holder.Value</c> of type <paramref name="type"/>, holding <paramref name="value"/>, from <paramref name="source"/>.</summary>
    public static Expression Of(object? value, Type type, CallValueSource source)
    {
        var holder = Activator.CreateInstance(typeof(CallValue<>).MakeGenericType(type), value, source)!;
        return Expression.Field(Expression.Constant(holder), nameof(StrongBox<object>.Value));
    }
}

/// <summary>
/// Erasure's statements, compiled once per model (issue 18): a plan's read and each step's ExecuteDelete/ExecuteUpdate
/// are LINQ trees built from the model, which EF Core parameterises and hashes for its query cache on every call; built
/// once and compiled with <see cref="EF.CompileAsyncQuery{TContext, TResult}(Expression{Func{TContext, CancellationToken, TResult}})"/>,
/// a later call only computes its values (the subject's key, the cut-offs of the plan's time, the plan's id) and runs
/// the compiled statement. A statement is cached under a key that names everything its tree depends on besides those
/// values (the caller's: the steps and their actions, the settings that choose query filters, which rules have expired).
/// </summary>
/// <remarks>
/// A tree is compiled only when every value in it that is not a literal is a <see cref="CallValue{T}"/>: a query that
/// reads the context (a tenant filter's <c>this.TenantId</c>), a captured variable, a static member outside .NET and EF
/// Core, or a plain holder (a step's keys read during execution) is run as before, built per call. A compiled statement
/// that EF Core cannot translate on its first run is marked and run as before; what EF Core cannot translate either way
/// fails as it always did.
/// </remarks>
internal static class StatementCache
{
    private const int Unproven = 0;
    private const int Proven = 1;
    private const int Broken = 2;

    /// <summary>
    /// At most this many statements per model: a statement's key names which steps a plan counted at zero, so a model's
    /// subjects may have many shapes; past the limit a new shape runs as before (EF Core's own query cache, which evicts).
    /// </summary>
    private const int Limit = 512;

    private static readonly ConditionalWeakTable<IModel, ConcurrentDictionary<(string Shape, string Statement), Entry?>> Caches = new();

    private static readonly ConcurrentDictionary<(int Parameters, bool Cancellable), MethodInfo?> CompileMethods = new();

    private static readonly AsyncLocal<Counts?> Observed = new();

    /// <summary>What the statements of this asynchronous flow did, from now on (tests: a second erasure of a model builds no tree).</summary>
    public static Counts Observe() => Observed.Value = new Counts();

    /// <summary>Counts of <see cref="Observe"/>: trees built, statements compiled, statements run compiled, and why a tree was not compiled.</summary>
    internal sealed class Counts
    {
        private int _built;
        private int _compiled;
        private int _ran;

        public int Built => _built;

        public int Compiled => _compiled;

        public int RanCompiled => _ran;

        public System.Collections.Concurrent.ConcurrentQueue<string> Refusals { get; } = new();

        public static void AddBuilt() => Increment(static c => Interlocked.Increment(ref c._built));

        public static void AddCompiled() => Increment(static c => Interlocked.Increment(ref c._compiled));

        public static void AddRan() => Increment(static c => Interlocked.Increment(ref c._ran));

        public static void AddRefusal(string reason) => Observed.Value?.Refusals.Enqueue(reason);

        private static void Increment(Action<Counts> add)
        {
            if (Observed.Value is { } counts)
            {
                add(counts);
            }
        }
    }

    /// <summary>A statement as built this call: its terminal expression, how to run it uncompiled, and what its caller reads its result with.</summary>
    internal sealed record Built<TResult>(Expression? Terminal, Func<CancellationToken, Task<TResult>> Uncompiled, object? Layout);

    /// <summary>
    /// Runs the statement cached under <paramref name="key"/> (the shape of the call, shared by its statements, and the
    /// statement's own part; null: not cached) for the context's model, or builds it (and caches it
    /// compiled when it can be). Returns the result and the layout stored with the statement (the caller's, from <see cref="Built{TResult}.Layout"/>).
    /// </summary>
    public static async Task<(TResult Result, object? Layout)> RunAsync<TResult>(
        DbContext context, (string Shape, string Statement)? key, CallInputs inputs, Func<Built<TResult>> build, CancellationToken cancellationToken)
    {
        // Per model: a compiled query runs only with the model it was compiled for.
        var cache = key is null ? null : Caches.GetValue(context.Model, static _ => new ConcurrentDictionary<(string, string), Entry?>());
        if (cache is not null && cache.TryGetValue(key!.Value, out var known))
        {
            if (known is not null && known.State != Broken)
            {
                var ran = await TryRunAsync<TResult>(known, context, inputs, cancellationToken).ConfigureAwait(false);
                if (ran.Ran)
                {
                    return (ran.Result, known.Layout);
                }
            }

            var again = build();
            Counts.AddBuilt();
            return (await again.Uncompiled(cancellationToken).ConfigureAwait(false), again.Layout);
        }

        var built = build();
        Counts.AddBuilt();
        if (cache is not null && cache.Count >= Limit)
        {
            return (await built.Uncompiled(cancellationToken).ConfigureAwait(false), built.Layout);
        }

        var entry = cache is null || built.Terminal is null ? null : Compile(built.Terminal, typeof(TResult), built.Layout);
        if (cache is not null)
        {
            cache.TryAdd(key!.Value, entry);
        }

        if (entry is not null)
        {
            var ran = await TryRunAsync<TResult>(entry, context, inputs, cancellationToken).ConfigureAwait(false);
            if (ran.Ran)
            {
                return (ran.Result, built.Layout);
            }
        }

        return (await built.Uncompiled(cancellationToken).ConfigureAwait(false), built.Layout);
    }

    /// <summary>
    /// The policy (its fingerprint: every classification, rule and purpose, which decide the steps) and the settings that
    /// choose which query filters a tree applies: a statement's key starts with them.
    /// </summary>
    public static string Settings(DbContext context)
    {
        if (context.FindPrivacyExtension() is not { } extension)
        {
            return "-";
        }

        // AddDbContext makes the options, and with them the extension, per scope: the text is kept per policy and setting.
        var key = (extension.Fingerprint, extension.UnnamedFilters);
        if (SettingsTexts.TryGetValue(key, out var known) && known.Filters.SequenceEqual(extension.SoftDeleteFilters, StringComparer.Ordinal))
        {
            return known.Text;
        }

        var text = $"{extension.Fingerprint}|{extension.UnnamedFilters}|{string.Join(",", extension.SoftDeleteFilters)}";
        if (SettingsTexts.Count < 64)
        {
            SettingsTexts.TryAdd(key, ([.. extension.SoftDeleteFilters], text));
        }

        return text;
    }

    /// <summary><see cref="Settings"/> per policy fingerprint and filter settings: made once, not per erasure.</summary>
    private static readonly ConcurrentDictionary<(string Fingerprint, UnnamedQueryFilterKind Unnamed), (string[] Filters, string Text)> SettingsTexts = new();

    /// <summary>
    /// The drafts as the trees of their statements depend on them: each step's identity, its action (which rows stay decides
    /// which rows others select) and whether its rows are found by keys read during execution.
    /// </summary>
    public static string Shape(IEnumerable<StepDraft> drafts)
    {
        // One builder for the whole text (issue 18, round 5), not a string per draft joined afterwards.
        var text = new System.Text.StringBuilder(512);
        foreach (var draft in drafts)
        {
            if (text.Length > 0)
            {
                text.Append(';');
            }

            text.Append(draft.Key).Append('=').Append(ActionNames[(int)draft.Action]);
            if (draft.Keys is not null)
            {
                text.Append("#keys");
            }
        }

        return text.ToString();
    }

    private static readonly string[] ActionNames = [nameof(ErasureRowAction.Delete), nameof(ErasureRowAction.Anonymise), nameof(ErasureRowAction.Retain)];

    /// <summary>Which of the policy's rules have a cut-off at <paramref name="now"/>: a rule without one adds no condition to a tree.</summary>
    public static string Expiries(PrivacyPolicy policy, DateTime now)
    {
        var bits = new char[policy.RetentionRules.Count];
        var i = 0;
        foreach (var rule in policy.RetentionRules.Values)
        {
            bits[i++] = rule.Period is null || rule.LatestExpiredAnchor(now) is null ? '0' : '1';
        }

        return new string(bits);
    }

    private static async Task<(bool Ran, TResult Result)> TryRunAsync<TResult>(Entry entry, DbContext context, CallInputs inputs, CancellationToken cancellationToken)
    {
        var invoke = (Func<DbContext, object?[], CancellationToken, Task<TResult>>)entry.Invoke;
        try
        {
            var result = await invoke(context, entry.Arguments(inputs), cancellationToken).ConfigureAwait(false);
            entry.State = Proven;
            Counts.AddRan();
            return (true, result);
        }
        catch (InvalidOperationException exception) when (entry.State == Unproven)
        {
            // EF Core could not translate the compiled form (before sending anything): run the statement as before.
            entry.State = Broken;
            Counts.AddRefusal(exception.Message);
            return (false, default!);
        }
    }

    private static Entry? Compile(Expression terminal, Type resultType, object? layout)
    {
        var parameterize = new Parameterize();
        var body = parameterize.Visit(terminal);
        if (parameterize.Refusal is not null || body.Type != resultType)
        {
            Counts.AddRefusal(parameterize.Refusal ?? $"the statement's type {body.Type.Name} is not {resultType.Name}");
            return null;
        }

        var slots = parameterize.Slots;
        var types = slots.Select(s => s.Type).ToArray();
        var cancellable = CompileMethod(types.Length, cancellable: true) is not null;
        if (CompileMethod(types.Length, cancellable) is not { } definition)
        {
            Counts.AddRefusal($"{types.Length} parameters: more than EF.CompileAsyncQuery takes");
            return null;
        }

        var context = Expression.Parameter(typeof(DbContext), "context");
        var token = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        ParameterExpression[] lambdaParameters = cancellable ? [context, .. parameterize.Parameters, token] : [context, .. parameterize.Parameters];
        var lambda = Expression.Lambda(Expression.GetFuncType([.. lambdaParameters.Select(p => p.Type), resultType]), body, lambdaParameters);
        var compiled = (Delegate)definition.MakeGenericMethod([typeof(DbContext), .. types, resultType]).Invoke(null, BindingFlags.DoNotWrapExceptions, null, [lambda], null)!;

        // (context, values, token) => compiled(context, (T1)values[0], ..., token): one delegate per statement, built once.
        var contextArgument = Expression.Parameter(typeof(DbContext), "context");
        var values = Expression.Parameter(typeof(object?[]), "values");
        var tokenArgument = Expression.Parameter(typeof(CancellationToken), "cancellationToken");
        var arguments = new List<Expression> { contextArgument };
        arguments.AddRange(types.Select((t, i) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(i)), t)));
        if (cancellable)
        {
            arguments.Add(tokenArgument);
        }

        var taskType = typeof(Task<>).MakeGenericType(resultType);
        var invoker = Expression.Lambda(
            typeof(Func<,,,>).MakeGenericType(typeof(DbContext), typeof(object?[]), typeof(CancellationToken), taskType),
            Expression.Invoke(Expression.Constant(compiled), arguments),
            contextArgument,
            values,
            tokenArgument).Compile();
        Counts.AddCompiled();
        return new Entry(invoker, [.. slots], layout);
    }

    /// <summary>
    /// <c>EF.CompileAsyncQuery&lt;TContext, TParam1..n, TResult&gt;</c> whose lambda takes the context, n parameters (and a
    /// cancellation token) and returns a plain <c>TResult</c> (the overload that returns <c>Task&lt;TResult&gt;</c>).
    /// </summary>
    private static MethodInfo? CompileMethod(int parameters, bool cancellable)
        => CompileMethods.GetOrAdd((parameters, cancellable), static key => typeof(EF).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == nameof(EF.CompileAsyncQuery) && m.IsGenericMethodDefinition && m.GetGenericArguments().Length == key.Parameters + 2)
            .FirstOrDefault(m =>
            {
                var generic = m.GetGenericArguments();
                var expression = m.GetParameters() is [{ ParameterType: { IsGenericType: true } type }] ? type.GetGenericArguments()[0] : null;
                var func = expression?.GetGenericArguments();
                return func is not null
                    && func.Length == key.Parameters + (key.Cancellable ? 3 : 2)
                    && func[^1] == generic[^1]
                    && (!key.Cancellable || func[^2] == typeof(CancellationToken))
                    && m.ReturnType.GetGenericArguments()[^1] is { IsGenericType: true } task && task.GetGenericTypeDefinition() == typeof(Task<>);
            }));

    private sealed class Entry(Delegate invoke, (CallValueSource Source, Type Type)[] slots, object? layout)
    {
        public Delegate Invoke { get; } = invoke;

        public object? Layout { get; } = layout;

        public volatile int State;

        public object?[] Arguments(CallInputs inputs)
        {
            var values = new object?[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                values[i] = slots[i].Source.ValueFor(inputs, slots[i].Type);
            }

            return values;
        }
    }

    /// <summary>
    /// Turns each <see cref="CallValue{T}"/> field into a parameter (one per source and type), detaches the query roots from
    /// the context they were built in, and refuses a tree that holds any other per-call value.
    /// </summary>
    private sealed class Parameterize : ExpressionVisitor
    {
        public List<(CallValueSource Source, Type Type)> Slots { get; } = [];

        public List<ParameterExpression> Parameters { get; } = [];

        public string? Refusal { get; private set; }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Expression is ConstantExpression { Value: ICallValue value })
            {
                var slot = (value.Source, node.Type);
                var index = Slots.IndexOf(slot);
                if (index < 0)
                {
                    Slots.Add(slot);
                    Parameters.Add(Expression.Parameter(node.Type, "value" + Slots.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    index = Slots.Count - 1;
                }

                return Parameters[index];
            }

            if (node.Expression is null && !TreeValues.IsFramework(node.Member.DeclaringType))
            {
                Refusal ??= $"the static member {node.Member.DeclaringType?.Name}.{node.Member.Name}";
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            // EF.Parameter (text written into JSON, Anonymiser.Fixed) is turned into a parameter by EF Core's per-call
            // parameter extraction, which a compiled query does not run: EF Core fails to compile it (InvalidCastException).
            if (node.Method.DeclaringType == typeof(EF) && node.Method.Name is nameof(EF.Parameter) or nameof(EF.Constant))
            {
                Refusal ??= $"EF.{node.Method.Name}";
            }

            return base.VisitMethodCall(node);
        }

        protected override Expression VisitConstant(ConstantExpression node)
        {
            if (node.Value is not null && !TreeValues.IsLiteral(node.Type) && node.Value is not DbFunctions && node.Value is not string[])
            {
                Refusal ??= $"a constant of {node.Type.Name}";
            }

            return node;
        }

        protected override Expression VisitExtension(Expression node)
            => node is QueryRootExpression root ? root.DetachQueryProvider() : base.VisitExtension(node);
    }

    /// <summary>
    /// The expression EF Core's own ExecuteDelete or ExecuteUpdate builds for <paramref name="query"/> (ExecuteUpdate turns its
    /// setters into a tree of its own making), read by running it against a provider that only records it.
    /// </summary>
    public static Expression? Terminal<T>(IQueryable query, Action<IQueryable<T>> execute)
    {
        var recorder = new Recorder();
        execute(new Recorded<T>(recorder, query.Expression));
        return recorder.Expression;
    }

    private sealed class Recorder : IAsyncQueryProvider
    {
        public Expression? Expression { get; private set; }

        public IQueryable CreateQuery(Expression expression) => throw new NotSupportedException();

        public IQueryable<TElement> CreateQuery<TElement>(Expression expression) => new Recorded<TElement>(this, expression);

        public object? Execute(Expression expression)
        {
            Expression = expression;
            return null;
        }

        public TResult Execute<TResult>(Expression expression)
        {
            Expression = expression;
            return default!;
        }

        public TResult ExecuteAsync<TResult>(Expression expression, CancellationToken cancellationToken = default)
        {
            Expression = expression;
            return typeof(TResult) == typeof(Task<int>) ? (TResult)(object)Task.FromResult(0) : default!;
        }
    }

    private sealed class Recorded<T>(Recorder provider, Expression expression) : IQueryable<T>
    {
        public Type ElementType => typeof(T);

        public Expression Expression { get; } = expression;

        public IQueryProvider Provider { get; } = provider;

        public IEnumerator<T> GetEnumerator() => throw new NotSupportedException();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
