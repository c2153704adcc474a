using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 5: reading and validating the policy and the classification of 500 entity types at start-up.
/// Baseline: a hand-written reflection pass that reads the same attributes and checks their identifiers against
/// hash sets — what an application would write to do the least of the same job.
/// </summary>
[MemoryDiagnoser]
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

    [Benchmark(Baseline = true, Description = "Hand-written reflection check")]
    public int HandWritten()
    {
        var purposes = new HashSet<string>(StringComparer.Ordinal) { BenchmarkPolicy.Service, BenchmarkPolicy.Marketing };
        var rules = new HashSet<string>(StringComparer.Ordinal) { BenchmarkPolicy.Account, BenchmarkPolicy.TwoYears };
        var classified = 0;
        foreach (var type in _types)
        {
            foreach (var member in type.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (member is not (PropertyInfo or FieldInfo))
                {
                    continue;
                }

                foreach (var annotation in member.GetCustomAttributes<PersonalDataAttribute>(true))
                {
                    if (!purposes.Contains(annotation.Purpose) || !rules.Contains(annotation.Retention))
                    {
                        throw new InvalidOperationException($"{type.Name}.{member.Name} is misclassified");
                    }

                    classified++;
                }
            }
        }

        return classified;
    }
}
