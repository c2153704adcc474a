using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Ncs.Privacy.Analyzers.Model;

/// <summary>
/// What every rule needs of one compilation, computed at most once and shared by the rules: the resolved symbols
/// and, on first use, the policy vocabulary. Keyed weakly on the compilation so it goes when the compilation goes.
/// </summary>
internal sealed class PrivacyCompilation
{
    private static readonly ConditionalWeakTable<Compilation, PrivacyCompilation> Cache = new();
    private static readonly object NotReferenced = new();
    private static readonly ConditionalWeakTable<Compilation, object> Unreferenced = new();

    private readonly Lazy<PolicyVocabulary> _vocabulary;
    private readonly Lazy<PersonalDataFlow> _flow;

    private PrivacyCompilation(Compilation compilation, PrivacySymbols symbols)
    {
        Symbols = symbols;
        _compilation = compilation;
        _vocabulary = new Lazy<PolicyVocabulary>(() => PolicyVocabulary.Read(compilation, symbols), LazyThreadSafetyMode.ExecutionAndPublication);
        _flow = new Lazy<PersonalDataFlow>(() => new PersonalDataFlow(compilation, symbols), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The domain model (what NCSP001 and NCSP007 check), built once per compilation on first use by either rule.</summary>
    public DomainModel Model(Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions options, CancellationToken cancellationToken)
    {
        lock (_modelLock)
        {
            return _model ??= DomainModel.Build(_compilation, Symbols, options, cancellationToken);
        }
    }

    private readonly object _modelLock = new();
    private readonly Compilation _compilation;
    private DomainModel? _model;

    /// <summary>NCSP006's flow analysis and its per-compilation summaries (helpers, fields, printed types).</summary>
    public PersonalDataFlow Flow => _flow.Value;

    public PrivacySymbols Symbols { get; }

    public PolicyVocabulary Vocabulary => _vocabulary.Value;

    /// <summary>The shared state, or null when the compilation does not reference Ncs.Privacy.</summary>
    public static PrivacyCompilation? Get(Compilation compilation)
    {
        if (Cache.TryGetValue(compilation, out var existing))
        {
            return existing;
        }

        if (Unreferenced.TryGetValue(compilation, out _))
        {
            return null;
        }

        var symbols = PrivacySymbols.TryCreate(compilation);
        if (symbols is null)
        {
            Unreferenced.GetValue(compilation, _ => NotReferenced);
            return null;
        }

        return Cache.GetValue(compilation, c => new PrivacyCompilation(c, symbols));
    }
}
