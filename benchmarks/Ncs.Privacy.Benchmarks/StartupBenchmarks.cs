using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 5: reading and validating the policy and the classification of 500 entity types at start-up.
/// Baseline: a hand-written reflection pass that reads the same attributes and checks their identifiers against
/// hash sets — what an application would write to do the least of the same job.
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 3, iterationCount: 15)]
public class StartupBenchmarks
{
    private IReadOnlyList<Type> _types = [];

    [Params(500)]
    public int EntityTypes { get; set; }

    [GlobalSetup]
    public void Setup() => _types = GeneratedModel.Emit(EntityTypes, 20);

    [Benchmark(Description = "Ncs.Privacy: PrivacyPolicy.Load")]
    public PrivacyPolicy Library()
    {
        var options = new PrivacyOptions { PolicyType = typeof(BenchmarkPolicy) };
        foreach (var type in _types)
        {
            options.ModelTypes.Add(type);
        }

        return PrivacyPolicy.Load(options);
    }

    /// <summary>
    /// The least an application would write for the same check: one attribute read per property and field (compiler-generated
    /// backing fields skipped by name, as the library does), every [PersonalData] purpose and rule looked up, every
    /// [NotPersonalData] reason required, unclassified members counted. It builds no model of the result.
    /// </summary>
    [Benchmark(Baseline = true, Description = "Hand-written reflection check")]
    public int HandWritten()
    {
        var purposes = new HashSet<string>(StringComparer.Ordinal) { BenchmarkPolicy.Service, BenchmarkPolicy.Marketing, BenchmarkPolicy.Bookkeeping };
        var rules = new HashSet<string>(StringComparer.Ordinal) { BenchmarkPolicy.Account, BenchmarkPolicy.TwoYears, BenchmarkPolicy.Accounting };
        var classified = 0;
        foreach (var type in _types)
        {
            foreach (var member in type.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (member is not (PropertyInfo or FieldInfo) || member.Name.Contains('<', StringComparison.Ordinal))
                {
                    continue;
                }

                var found = false;
                foreach (var attribute in member.GetCustomAttributes(true))
                {
                    switch (attribute)
                    {
                        case PersonalDataAttribute personal when purposes.Contains(personal.Purpose) && rules.Contains(personal.Retention):
                        case NotPersonalDataAttribute notPersonal when !string.IsNullOrWhiteSpace(notPersonal.Reason):
                            found = true;
                            break;
                        case PersonalDataAttribute or NotPersonalDataAttribute:
                            throw new InvalidOperationException($"{type.Name}.{member.Name} is misclassified");
                    }
                }

                classified += found ? 1 : 0;
            }
        }

        return classified;
    }
}
