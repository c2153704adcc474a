using System.Reflection;
using System.Reflection.Emit;

namespace Ncs.Privacy.Benchmarks;

[PrivacyPolicy(Name = "Benchmark policy")]
[Controller("Benchmark AB", Email = "privacy@bench.test")]
public static class BenchmarkPolicy
{
    [DataSubjectCategory("Customers")]
    public const string Customer = "customer";

    [DataCategory("Contact details")]
    public const string Contact = "contact";

    [Purpose(LegalBasis.Contract, "Serve customers", Subjects = [Customer])]
    public const string Service = "service";

    [Purpose(LegalBasis.LegitimateInterests, "Market products", Subjects = [Customer], LegitimateInterest = "Selling", DirectMarketing = true)]
    public const string Marketing = "marketing";

    [RetentionRule(EndsWithAccount = true, Description = "While the account exists")]
    public const string Account = "account";

    [RetentionRule("P2Y", Description = "Two years")]
    public const string TwoYears = "two-years";

    [Purpose(LegalBasis.LegalObligation, "Keep accounting records", Subjects = [Customer], Law = "Bokföringslagen (1999:1078)")]
    public const string Bookkeeping = "bookkeeping";

    [RetentionRule("P7Y", RetentionStart.EndOfCalendarYearOfFiscalYearEnd, Description = "Accounting records", LegalObligation = "Bokföringslagen (1999:1078) 7 kap. 2 §")]
    public const string Accounting = "accounting";
}

/// <summary>
/// Emits <c>typeCount</c> entity types with <c>membersPerType</c> annotated auto-properties each: every third member is
/// personal data for two purposes, the rest are marked not personal. Each property has a compiler-style backing field
/// (<c>&lt;Name&gt;k__BackingField</c>, [CompilerGenerated]), as C# emits for <c>{ get; set; }</c>. Emitted, saved and
/// loaded at run time so the benchmark measures reflection over real attributes in an ordinary assembly, as the
/// library does at start-up.
/// </summary>
public static class GeneratedModel
{
    private static readonly ConstructorInfo PersonalData = typeof(PersonalDataAttribute).GetConstructor([typeof(string), typeof(string)])!;
    private static readonly ConstructorInfo NotPersonal = typeof(NotPersonalDataAttribute).GetConstructor([typeof(string)])!;
    private static readonly ConstructorInfo Anchor = typeof(RetentionAnchorAttribute).GetConstructor([typeof(string[])])!;
    private static readonly ConstructorInfo Subject = typeof(DataSubjectAttribute).GetConstructor([typeof(string)])!;
    private static readonly ConstructorInfo CompilerGenerated = typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute).GetConstructor(Type.EmptyTypes)!;
    private static readonly PropertyInfo Category = typeof(PersonalDataAttribute).GetProperty(nameof(PersonalDataAttribute.Category))!;

    public static IReadOnlyList<Type> Emit(int typeCount, int membersPerType)
    {
        // Saved and loaded like a compiled assembly: a run-only dynamic module reads attributes through a slower
        // metadata path than the assemblies an application really loads.
        var name = $"Generated{typeCount}x{membersPerType}";
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name), typeof(object).Assembly);
        var module = assembly.DefineDynamicModule(name);
        var names = new List<string>(typeCount);
        for (var t = 0; t < typeCount; t++)
        {
            var type = module.DefineType($"Generated.Entity{t:D4}", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed);
            // One subject root per category: start-up refuses two roots of one category (export and erasure would
            // cover one and miss the other).
            if (t == 0)
            {
                type.SetCustomAttribute(new CustomAttributeBuilder(Subject, [BenchmarkPolicy.Customer]));
            }

            for (var m = 0; m < membersPerType; m++)
            {
                // Member02 is the row's date, the anchor its two-year fields count from (start-up refuses a retention
                // period with no anchor: the sweep could never enforce it).
                var valueType = m % 3 == 0 ? typeof(string) : m == 2 ? typeof(DateTime) : typeof(int);
                var propertyName = $"Member{m:D2}";
                var field = type.DefineField($"<{propertyName}>k__BackingField", valueType, FieldAttributes.Private);
                field.SetCustomAttribute(new CustomAttributeBuilder(CompilerGenerated, []));
                var property = type.DefineProperty(propertyName, PropertyAttributes.None, valueType, null);
                var accessors = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;
                var getter = type.DefineMethod($"get_{propertyName}", accessors, valueType, Type.EmptyTypes);
                var il = getter.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldfld, field);
                il.Emit(OpCodes.Ret);
                property.SetGetMethod(getter);
                var setter = type.DefineMethod($"set_{propertyName}", accessors, typeof(void), [valueType]);
                il = setter.GetILGenerator();
                il.Emit(OpCodes.Ldarg_0);
                il.Emit(OpCodes.Ldarg_1);
                il.Emit(OpCodes.Stfld, field);
                il.Emit(OpCodes.Ret);
                property.SetSetMethod(setter);
                if (m % 3 == 0)
                {
                    property.SetCustomAttribute(new CustomAttributeBuilder(PersonalData, [BenchmarkPolicy.Service, BenchmarkPolicy.Account], [Category], [BenchmarkPolicy.Contact]));
                    property.SetCustomAttribute(new CustomAttributeBuilder(PersonalData, [BenchmarkPolicy.Marketing, BenchmarkPolicy.TwoYears]));
                }
                else
                {
                    property.SetCustomAttribute(new CustomAttributeBuilder(NotPersonal, ["technical"]));
                    if (m == 2)
                    {
                        property.SetCustomAttribute(new CustomAttributeBuilder(Anchor, [Array.Empty<string>()]));
                    }
                }
            }

            type.CreateType();
            names.Add(type.FullName!);
        }

        using var image = new MemoryStream();
        assembly.Save(image);
        var loaded = Assembly.Load(image.ToArray());
        return names.Select(n => loaded.GetType(n, throwOnError: true)!).ToArray();
    }
}
