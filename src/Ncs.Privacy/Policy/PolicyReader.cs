using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ncs.Privacy;

/// <summary>Reads the policy class and the annotations by reflection, once, and reports every problem together.</summary>
internal static class PolicyReader
{
    private const string IdentityPersonalDataAttribute = "Microsoft.AspNetCore.Identity.PersonalDataAttribute";
    private const BindingFlags InstanceMembers = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    internal sealed record Result(PrivacyPolicy? Policy, IReadOnlyList<PolicyProblem> Problems);

    public static Result Read(PrivacyOptions options)
    {
        var problems = new List<PolicyProblem>();
        var policyType = options.PolicyType;
        var policyAttribute = policyType?.GetCustomAttribute<PrivacyPolicyAttribute>();
        if (policyType is null || policyAttribute is null)
        {
            problems.Add(new(PolicyProblemKind.MissingPolicy, policyType?.FullName ?? "(options)",
                policyType is null
                    ? "no privacy policy is configured: call UsePolicy(typeof(YourPolicy)) with the static class that declares it"
                    : $"'{policyType.Name}' is not marked [PrivacyPolicy]: mark the static class that declares the policy"));
            return new Result(null, problems);
        }

        var declarations = new Declarations(policyType, problems);
        var fiscalYear = FiscalYear.Calendar;
        if (policyAttribute.FiscalYearStartMonth is < 1 or > 12)
        {
            problems.Add(new(PolicyProblemKind.InvalidFiscalYear, policyType.Name,
                $"FiscalYearStartMonth is {policyAttribute.FiscalYearStartMonth}; it must be a month from 1 to 12"));
        }
        else
        {
            fiscalYear = new FiscalYear(policyAttribute.FiscalYearStartMonth);
        }

        var controllerAttribute = policyType.GetCustomAttribute<ControllerAttribute>();
        ControllerContact? controller = null;
        if (controllerAttribute is null || string.IsNullOrWhiteSpace(controllerAttribute.Name))
        {
            problems.Add(new(PolicyProblemKind.MissingController, policyType.Name,
                "the policy names no controller: add [Controller(\"Legal name\", Email = \"...\")] to the policy class (Art. 30(1)(a))"));
        }
        else if (IsBlank(controllerAttribute.Email) && IsBlank(controllerAttribute.Address) && IsBlank(controllerAttribute.Phone))
        {
            problems.Add(new(PolicyProblemKind.MissingController, policyType.Name,
                $"the controller '{controllerAttribute.Name}' has no contact details: set Email, Address or Phone (Art. 30(1)(a))"));
        }
        else
        {
            controller = new ControllerContact(controllerAttribute.Name, controllerAttribute.Email, controllerAttribute.Address,
                controllerAttribute.Phone, controllerAttribute.RegistrationNumber, controllerAttribute.Representative)
            { Assumption = controllerAttribute.Assumption };
        }

        var dpoAttribute = policyType.GetCustomAttribute<DataProtectionOfficerAttribute>();
        var dpo = dpoAttribute is null ? null : new DataProtectionOfficerContact(dpoAttribute.Name, dpoAttribute.Email, dpoAttribute.Phone);
        var measureDeclarations = policyType.GetCustomAttributes<SecurityMeasureAttribute>()
            .Select(m => new SecurityMeasure(m.Description, m.Assumption))
            .OrderBy(m => m.Description, StringComparer.Ordinal)
            .ToArray();
        var measures = measureDeclarations.Select(m => m.Description).ToArray();
        var noDpo = policyType.GetCustomAttribute<NoDataProtectionOfficerAttribute>();
        if (noDpo is not null && dpo is not null)
        {
            problems.Add(new(PolicyProblemKind.ContradictoryAnnotations, policyType.Name,
                "the policy class carries both [DataProtectionOfficer] and [NoDataProtectionOfficer]: keep the one that is true"));
        }
        else if (noDpo is not null && IsBlank(noDpo.Reason))
        {
            problems.Add(new(PolicyProblemKind.MissingText, policyType.Name, "[NoDataProtectionOfficer] needs a reason: say why Art. 37(1) does not require one"));
        }

        var notes = policyType.GetCustomAttributes<PolicyNoteAttribute>().Select(n => n.Text).Order(StringComparer.Ordinal).ToArray();
        var assumptions = policyType.GetCustomAttributes<AssumptionAttribute>().Select(n => n.Text).Order(StringComparer.Ordinal).ToArray();

        var subjects = declarations.Subjects;
        var categories = declarations.Categories;
        var recipients = declarations.Recipients;
        var rules = declarations.Rules(fiscalYear);
        var purposes = declarations.Purposes(subjects, recipients);

        var types = ReadModel(options, purposes, rules, categories, subjects, recipients, problems);
        if (options.RequireRecipientLocations)
        {
            foreach (var recipient in recipients.Values.Where(r => !r.LocationDeclared).OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                problems.Add(new(PolicyProblemKind.InvalidTransfer, $"{policyType.Name}.Recipients.{recipient.Id}",
                    $"recipient '{recipient.Id}' has no declared location: set Country (ISO 3166-1 alpha-2) or WithinEea = true on its [Recipient] (Art. 30(1)(d)–(e))"));
            }
        }

        if (problems.Count > 0 || controller is null)
        {
            return new Result(null, Sorted(problems));
        }

        var policy = new PrivacyPolicy(
            policyAttribute.Name ?? policyType.Name,
            policyType,
            controller,
            dpo,
            measures,
            fiscalYear,
            purposes.Values,
            rules.Values,
            categories.Values,
            subjects.Values,
            recipients.Values,
            types)
        {
            Version = policyAttribute.Version,
            SupervisoryAuthority = policyType.GetCustomAttribute<SupervisoryAuthorityAttribute>() is { } authority && !IsBlank(authority.Name)
                ? new SupervisoryAuthority(authority.Name, authority.Website)
                : null,
            NoDataProtectionOfficerReason = noDpo?.Reason,
            SecurityMeasureDeclarations = measureDeclarations,
            Notes = notes,
            Assumptions = assumptions,
        };
        return new Result(policy, []);
    }

    private static List<PolicyProblem> Sorted(List<PolicyProblem> problems) =>
        problems.OrderBy(p => p.Location, StringComparer.Ordinal).ThenBy(p => p.Kind).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();

    private static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    private static List<ClassifiedType> ReadModel(
        PrivacyOptions options,
        Dictionary<string, Purpose> purposes,
        Dictionary<string, RetentionRule> rules,
        Dictionary<string, DataCategory> categories,
        Dictionary<string, DataSubjectCategory> subjects,
        Dictionary<string, Recipient> recipients,
        List<PolicyProblem> problems)
    {
        var candidates = new HashSet<Type>(options.ModelTypes);
        candidates.UnionWith(options.Classifications.Keys);
        foreach (var assembly in options.ModelAssemblies.Distinct())
        {
            foreach (var type in LoadableTypes(assembly))
            {
                if (!InModelNamespaces(type, options.ModelNamespaces))
                {
                    continue;
                }

                if (IsClassifiedType(type) || (type.IsClass && !type.ContainsGenericParameters && DerivesFromAny(type, options.Classifications)))
                {
                    candidates.Add(type);
                }
            }
        }

        var context = new ModelContext(purposes, rules, categories, subjects, recipients, problems);
        var result = new List<ClassifiedType>(candidates.Count);
        foreach (var type in candidates.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            result.Add(context.ReadType(type, Inherited(options.Classifications, type)));
        }

        return result;
    }

    /// <summary>
    /// The classifications in code that apply to <paramref name="type"/>: its own, then those of its base classes for
    /// members it does not classify itself, so that <c>Classify&lt;IdentityUser&gt;</c> applies to
    /// <c>ApplicationUser : IdentityUser</c>, whose members are declared on the base.
    /// </summary>
    private static TypeClassification? Inherited(Dictionary<Type, TypeClassification> classifications, Type type)
    {
        var chain = new List<TypeClassification>();
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (classifications.TryGetValue(current, out var own))
            {
                chain.Add(own);
            }
        }

        if (chain.Count < 2)
        {
            return chain.Count == 0 ? null : chain[0];
        }

        // Most derived first: a member the type classifies itself is not classified again by a base.
        var merged = new TypeClassification();
        foreach (var classification in chain)
        {
            merged.Subject ??= classification.Subject;
            foreach (var (member, attributes) in classification.Members)
            {
                merged.Members.TryAdd(member, [.. attributes]);
            }
        }

        return merged;
    }

    private static bool InModelNamespaces(Type type, IList<string> namespaces)
    {
        if (namespaces.Count == 0)
        {
            return true;
        }

        string ns;
        try
        {
            ns = type.Namespace ?? string.Empty;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            // A type whose declaring or base type lives in an assembly that is not deployed (the scan reads every
            // type of the assembly): EF Core cannot map it in this process either, so it is outside every scope.
            return false;
        }

        foreach (var scope in namespaces)
        {
            if (ns.Equals(scope, StringComparison.Ordinal) || (ns.StartsWith(scope, StringComparison.Ordinal) && ns.Length > scope.Length && ns[scope.Length] == '.'))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null)!;
        }
    }

    private static bool DerivesFromAny(Type type, Dictionary<Type, TypeClassification> classifications)
    {
        for (var current = type.BaseType; current is not null && current != typeof(object); current = current.BaseType)
        {
            if (classifications.ContainsKey(current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsClassifiedType(Type type)
    {
        if (!type.IsClass || type.IsDefined(typeof(CompilerGeneratedAttribute), false) || type.ContainsGenericParameters)
        {
            return false;
        }

        if (type.IsDefined(typeof(DataSubjectAttribute), true))
        {
            return true;
        }

        foreach (var member in DataMembers(type))
        {
            if (member.IsDefined(typeof(PersonalDataAttribute), true) || member.IsDefined(typeof(NotPersonalDataAttribute), true)
                || member.IsDefined(typeof(RetentionAnchorAttribute), true))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Instance properties and fields of the type and its bases, without compiler-generated backing fields; most-derived first.</summary>
    internal static IEnumerable<MemberInfo> DataMembers(Type type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var member in current.GetMembers(InstanceMembers | BindingFlags.DeclaredOnly))
            {
                var isData = member switch
                {
                    PropertyInfo p => p.GetIndexParameters().Length == 0,
                    // Backing fields of auto-properties (and every other compiler-generated field) have unspeakable
                    // names such as <Email>k__BackingField; the name test avoids a metadata read per field.
                    FieldInfo f => !f.Name.Contains('<', StringComparison.Ordinal),
                    _ => false,
                };
                if (isData && seen.Add(member.Name))
                {
                    yield return member;
                }
            }
        }
    }

    private sealed class ModelContext(
        Dictionary<string, Purpose> purposes,
        Dictionary<string, RetentionRule> rules,
        Dictionary<string, DataCategory> categories,
        Dictionary<string, DataSubjectCategory> subjects,
        Dictionary<string, Recipient> recipients,
        List<PolicyProblem> problems)
    {
        public ClassifiedType ReadType(Type type, TypeClassification? fluent)
        {
            DataSubjectCategory? subjectCategory = null;
            var subjectAttribute = fluent?.Subject ?? type.GetCustomAttribute<DataSubjectAttribute>(true);
            if (subjectAttribute is not null)
            {
                if (!subjects.TryGetValue(subjectAttribute.Category ?? string.Empty, out subjectCategory))
                {
                    problems.Add(new(PolicyProblemKind.UnknownSubjectCategory, CSharpTypeName.Of(type),
                        $"[DataSubject] refers to data-subject category '{subjectAttribute.Category}', which the policy does not declare{Known(subjects.Keys)}"));
                }
            }

            var membersByName = DataMembers(type).ToDictionary(m => m.Name, StringComparer.Ordinal);
            if (fluent is not null)
            {
                foreach (var name in fluent.Members.Keys.Where(n => !membersByName.ContainsKey(n)).Order(StringComparer.Ordinal))
                {
                    problems.Add(new(PolicyProblemKind.UnknownMember, $"{CSharpTypeName.Of(type)}.{name}",
                        $"the classification in code names member '{name}', which {CSharpTypeName.Of(type)} does not have"));
                }
            }

            var members = new List<ClassifiedMember>();
            foreach (var member in membersByName.Values.OrderBy(m => m.Name, StringComparer.Ordinal))
            {
                IEnumerable<object> attributes = member.GetCustomAttributes(true);
                if (fluent is not null && fluent.Members.TryGetValue(member.Name, out var extra))
                {
                    attributes = attributes.Concat(extra);
                }

                var classified = ReadMember(type, member, attributes, membersByName);
                if (classified is not null)
                {
                    members.Add(classified);
                }
            }

            return new ClassifiedType { ClrType = type, SubjectCategory = subjectCategory, Members = members };
        }

        private ClassifiedMember? ReadMember(Type type, MemberInfo member, IEnumerable<object> attributes, Dictionary<string, MemberInfo> membersOfType)
        {
            // One pass over the attributes, allocating only for what the member carries: start-up reads every
            // member of every entity type, so this loop is the start-up benchmark's hot path.
            List<PersonalDataAttribute>? personalFound = null;
            List<NotPersonalDataAttribute>? notPersonalFound = null;
            RetentionAnchorAttribute? anchor = null;
            var identity = false;
            foreach (var attribute in attributes)
            {
                switch (attribute)
                {
                    case PersonalDataAttribute pd:
                        (personalFound ??= []).Add(pd);
                        break;
                    case NotPersonalDataAttribute npd:
                        (notPersonalFound ??= []).Add(npd);
                        break;
                    case RetentionAnchorAttribute ra:
                        anchor ??= ra;
                        break;
                    default:
                        identity |= IsIdentityPersonalData(attribute.GetType());
                        break;
                }
            }

            if (personalFound is null && notPersonalFound is null && anchor is null && !identity)
            {
                return null;
            }

            var location = $"{CSharpTypeName.Of(type)}.{member.Name}";
            IReadOnlyList<PersonalDataAttribute> personal = personalFound ?? [];
            IReadOnlyList<NotPersonalDataAttribute> notPersonal = notPersonalFound ?? [];

            var valueType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;

            // ASP.NET Core Identity's [PersonalData] is a weak mark (no purpose, no retention) on types the application
            // cannot change (it marks IdentityUser.Id, a technical key): an explicit classification of the member, by
            // our attributes or Classify<T>(), replaces it instead of contradicting it.
            identity &= personal.Count == 0 && notPersonal.Count == 0;
            if (notPersonal.Count > 0 && personal.Count > 0)
            {
                problems.Add(new(PolicyProblemKind.ContradictoryAnnotations, location,
                    "is marked both [PersonalData] and [NotPersonalData]: keep the one that is true"));
            }

            if (notPersonal.Count > 1)
            {
                problems.Add(new(PolicyProblemKind.ContradictoryAnnotations, location, "is marked [NotPersonalData] more than once"));
            }

            foreach (var np in notPersonal.Where(np => IsBlank(np.Reason)))
            {
                problems.Add(new(PolicyProblemKind.MissingText, location, "[NotPersonalData] needs a reason: say why the value identifies nobody"));
            }

            foreach (var duplicate in personal.Count < 2 ? [] : personal.GroupBy(a => a.Purpose, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add(new(PolicyProblemKind.ContradictoryAnnotations, location,
                    $"names purpose '{duplicate.Key}' in {duplicate.Count()} [PersonalData] annotations: use one annotation per purpose"));
            }

            var uses = new List<PersonalDataUse>(personal.Count);
            foreach (var annotation in personal)
            {
                var use = ReadUse(location, annotation, valueType, membersOfType);
                if (use is not null)
                {
                    uses.Add(use);
                }
            }

            IReadOnlyList<string> anchored = [];
            if (anchor is not null)
            {
                var underlying = Nullable.GetUnderlyingType(valueType) ?? valueType;
                // DateTimeOffset is left out on purpose: SQLite cannot compare it in SQL, and retention needs one set-based comparison.
                if (underlying != typeof(DateTime) && underlying != typeof(DateOnly))
                {
                    problems.Add(new(PolicyProblemKind.InvalidRetentionAnchor, location,
                        $"[RetentionAnchor] is on a member of type {valueType.Name}; an anchor must be a DateTime (UTC) or a DateOnly"));
                }

                foreach (var rule in (anchor.Rules ?? []).Where(r => !rules.ContainsKey(r ?? string.Empty)))
                {
                    problems.Add(new(PolicyProblemKind.InvalidRetentionAnchor, location,
                        $"[RetentionAnchor] names retention rule '{rule}', which the policy does not declare{Known(rules.Keys)}"));
                }

                anchored = anchor.Rules ?? [];
            }

            return new ClassifiedMember
            {
                Member = member,
                Uses = uses.Count < 2 ? uses : uses.OrderBy(u => u.Purpose.Id, StringComparer.Ordinal).ToArray(),
                NotPersonalReason = notPersonal.FirstOrDefault()?.Reason,
                IsIdentityPersonalData = identity,
                IsRetentionAnchor = anchor is not null,
                AnchorsRules = anchored,
            };
        }

        private PersonalDataUse? ReadUse(string location, PersonalDataAttribute annotation, Type valueType, Dictionary<string, MemberInfo> membersOfType)
        {
            var ok = true;
            if (!purposes.TryGetValue(annotation.Purpose ?? string.Empty, out var purpose))
            {
                problems.Add(new(PolicyProblemKind.UnknownPurpose, location,
                    $"[PersonalData] refers to purpose '{annotation.Purpose}', which the policy does not declare{Known(purposes.Keys)}"));
                ok = false;
            }

            if (!rules.TryGetValue(annotation.Retention ?? string.Empty, out var rule))
            {
                problems.Add(new(PolicyProblemKind.UnknownRetention, location,
                    $"[PersonalData] refers to retention rule '{annotation.Retention}', which the policy does not declare{Known(rules.Keys)}"));
                ok = false;
            }

            DataCategory? category = null;
            if (annotation.Category is not null && !categories.TryGetValue(annotation.Category, out category))
            {
                problems.Add(new(PolicyProblemKind.UnknownCategory, location,
                    $"[PersonalData] refers to data category '{annotation.Category}', which the policy does not declare{Known(categories.Keys)}"));
                ok = false;
            }

            List<Recipient>? own = null;
            foreach (var id in annotation.Recipients ?? [])
            {
                if (recipients.TryGetValue(id ?? string.Empty, out var recipient))
                {
                    (own ??= []).Add(recipient);
                }
                else
                {
                    problems.Add(new(PolicyProblemKind.UnknownRecipient, location,
                        $"[PersonalData] names recipient '{id}', which the policy does not declare{Known(recipients.Keys)}"));
                    ok = false;
                }
            }

            if (purpose is not null && annotation.LegalBasis is { } restated && restated != purpose.LegalBasis)
            {
                problems.Add(new(PolicyProblemKind.ContradictoryLegalBasis, location,
                    $"[PersonalData] states legal basis {restated} but purpose '{purpose.Id}' is declared with {purpose.LegalBasis}: remove the argument or correct it"));
                ok = false;
            }

            var condition = annotation.SpecialCategoryCondition != SpecialCategoryCondition.None
                ? annotation.SpecialCategoryCondition
                : purpose?.SpecialCategoryCondition ?? SpecialCategoryCondition.None;
            if (category is { IsSpecialCategory: true } && condition == SpecialCategoryCondition.None)
            {
                problems.Add(new(PolicyProblemKind.MissingSpecialCategoryCondition, location,
                    $"holds special-category data ('{category.Id}') for purpose '{annotation.Purpose}' without an Art. 9(2) condition: set SpecialCategoryCondition on the annotation or the purpose"));
                ok = false;
            }

            if (annotation.Erasure == ErasureAction.Retain && rule is { IsLegalHold: false })
            {
                problems.Add(new(PolicyProblemKind.RetainWithoutLegalObligation, location,
                    $"Erasure = Retain needs a retention rule with a LegalObligation (Art. 17(3)(b)); rule '{rule.Id}' names none"));
                ok = false;
            }

            if (annotation.Anonymisation != AnonymisationStrategy.Default && annotation.Erasure is ErasureAction.Delete or ErasureAction.Retain)
            {
                problems.Add(new(PolicyProblemKind.ContradictoryAnnotations, location,
                    $"sets Anonymisation = {annotation.Anonymisation} with Erasure = {annotation.Erasure}, which never anonymises: remove one"));
                ok = false;
            }

            var anonymisationProblem = CheckAnonymisation(annotation.Anonymisation, valueType);
            if (anonymisationProblem is not null)
            {
                problems.Add(new(PolicyProblemKind.InvalidAnonymisation, location, anonymisationProblem));
                ok = false;
            }

            if (annotation.Subject is not null && !membersOfType.ContainsKey(annotation.Subject))
            {
                problems.Add(new(PolicyProblemKind.UnknownSubjectNavigation, location,
                    $"[PersonalData] Subject = \"{annotation.Subject}\" names no member of the type: name the navigation to the subject this value concerns"));
                ok = false;
            }

            if (!ok || purpose is null || rule is null)
            {
                return null;
            }

            return new PersonalDataUse
            {
                Purpose = purpose,
                Retention = rule,
                Category = category,
                Erasure = annotation.Erasure,
                Anonymisation = annotation.Anonymisation,
                Export = annotation.Export,
                Source = annotation.Source,
                Recipients = own is null ? purpose.Recipients : purpose.Recipients.Concat(own).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(),
                SpecialCategoryCondition = condition,
                Subject = annotation.Subject,
            };
        }

        private static string? CheckAnonymisation(AnonymisationStrategy strategy, Type valueType)
        {
            var underlying = Nullable.GetUnderlyingType(valueType);
            var nullable = !valueType.IsValueType || underlying is not null;
            var core = underlying ?? valueType;
            return strategy switch
            {
                AnonymisationStrategy.Null when !nullable => $"Anonymisation = Null on a non-nullable {valueType.Name}: make the member nullable or choose another strategy",
                AnonymisationStrategy.RandomEmail or AnonymisationStrategy.Redact or AnonymisationStrategy.RandomToken or AnonymisationStrategy.Pseudonymise
                    when core != typeof(string) => $"Anonymisation = {strategy} needs a string member, not {valueType.Name}",
                AnonymisationStrategy.TruncateToYear when core != typeof(DateTime) && core != typeof(DateTimeOffset) && core != typeof(DateOnly)
                    => $"Anonymisation = TruncateToYear needs a date member, not {valueType.Name}",
                _ when !Enum.IsDefined(strategy) => $"Anonymisation = {(int)strategy} is not a defined strategy",
                _ => null,
            };
        }

        private static bool IsIdentityPersonalData(Type attributeType)
        {
            for (var t = attributeType; t is not null; t = t.BaseType)
            {
                if (t.FullName == IdentityPersonalDataAttribute)
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal static string Known(IEnumerable<string> ids)
    {
        var list = ids.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? " (it declares none)" : $" (declared: {string.Join(", ", list)})";
    }

    /// <summary>The vocabulary declared on the policy class: const string fields with one declaration attribute each.</summary>
    private sealed class Declarations
    {
        private readonly List<PolicyProblem> _problems;
        private readonly List<(FieldInfo Field, string Id, Attribute Declaration)> _all = [];

        public Declarations(Type policyType, List<PolicyProblem> problems)
        {
            _problems = problems;
            Collect(policyType);
            Subjects = Index<DataSubjectCategoryAttribute, DataSubjectCategory>("data-subject category", (id, field, a) =>
            {
                RequireText(field, a.Description, "a description of who the subjects are");
                return new DataSubjectCategory(id, a.Description ?? string.Empty);
            });
            Categories = Index<DataCategoryAttribute, DataCategory>("data category", (id, field, a) =>
            {
                RequireText(field, a.Description, "a description of what the category holds");
                return new DataCategory(id, a.Description ?? string.Empty, a.IsSpecialCategory);
            });
            Recipients = Index<RecipientAttribute, Recipient>("recipient", (id, field, a) =>
            {
                RequireText(field, a.Description, "a description of who the recipient is");
                var recipient = new Recipient(id, a.Kind, a.Description ?? string.Empty, a.Country?.ToUpperInvariant(), a.Safeguard, a.SafeguardReference)
                {
                    WithinEea = a.WithinEea,
                    Assumption = a.Assumption,
                };
                if (a.WithinEea && a.Country is not null && !EuropeanEconomicArea.Contains(a.Country.ToUpperInvariant()))
                {
                    _problems.Add(new(PolicyProblemKind.InvalidTransfer, Where(field),
                        $"recipient '{id}' is declared WithinEea but its Country '{a.Country}' is outside the EEA: keep the one that is true"));
                }
                if (a.Country is not null && (a.Country.Length != 2 || !a.Country.All(char.IsAsciiLetter)))
                {
                    _problems.Add(new(PolicyProblemKind.InvalidTransfer, Where(field),
                        $"Country '{a.Country}' is not an ISO 3166-1 alpha-2 code such as 'SE' or 'US'"));
                }
                else if (recipient.IsThirdCountryTransfer && a.Safeguard == TransferSafeguard.None)
                {
                    _problems.Add(new(PolicyProblemKind.InvalidTransfer, Where(field),
                        $"recipient '{id}' receives data in {recipient.Country}, outside the EEA, without a safeguard: set Safeguard (Chapter V, Art. 30(1)(e))"));
                }

                return recipient;
            });
        }

        public Dictionary<string, DataSubjectCategory> Subjects { get; }

        public Dictionary<string, DataCategory> Categories { get; }

        public Dictionary<string, Recipient> Recipients { get; }

        public Dictionary<string, RetentionRule> Rules(FiscalYear fiscalYear) => Index<RetentionRuleAttribute, RetentionRule>("retention rule", (id, field, a) =>
        {
            RequireText(field, a.Description, "a Description of what the rule keeps and why");
            IsoPeriod? period = null;
            if (a.Period is not null)
            {
                if (IsoPeriod.TryParse(a.Period, out var parsed, out var error))
                {
                    period = parsed;
                }
                else
                {
                    _problems.Add(new(PolicyProblemKind.InvalidRetention, Where(field), error));
                }
            }
            else if (!a.EndsWithAccount)
            {
                _problems.Add(new(PolicyProblemKind.InvalidRetention, Where(field),
                    $"retention rule '{id}' has neither a period nor EndsWithAccount = true: say how long the data is kept"));
            }

            if (a.LegalObligation is not null && a.Period is null)
            {
                _problems.Add(new(PolicyProblemKind.InvalidRetention, Where(field),
                    $"retention rule '{id}' names a legal obligation but no period: a legal hold must say until when it holds"));
            }

            if (!Enum.IsDefined(a.From))
            {
                _problems.Add(new(PolicyProblemKind.InvalidRetention, Where(field), $"From = {(int)a.From} is not a defined RetentionStart"));
            }

            return new RetentionRule(id, a.Description ?? string.Empty, period, a.From, a.EndsWithAccount, a.LegalObligation, fiscalYear)
            {
                Assumption = a.Assumption,
            };
        });

        public Dictionary<string, Purpose> Purposes(Dictionary<string, DataSubjectCategory> subjects, Dictionary<string, Recipient> recipients) =>
            Index<PurposeAttribute, Purpose>("purpose", (id, field, a) =>
            {
                RequireText(field, a.Description, "a description of what the data is used for");
                if (!Enum.IsDefined(a.LegalBasis))
                {
                    _problems.Add(new(PolicyProblemKind.InvalidDeclaration, Where(field), $"LegalBasis {(int)a.LegalBasis} is not one of Art. 6(1)(a)–(f)"));
                }

                if (a.LegalBasis == LegalBasis.LegitimateInterests)
                {
                    RequireText(field, a.LegitimateInterest, "the LegitimateInterest pursued (Art. 6(1)(f), Art. 13(1)(d))");
                }

                if (a.LegalBasis == LegalBasis.LegalObligation)
                {
                    RequireText(field, a.Law, "the Law that imposes the obligation (Art. 6(1)(c), Art. 6(3))");
                }

                var purposeSubjects = new List<DataSubjectCategory>();
                if (a.Subjects is null || a.Subjects.Length == 0)
                {
                    _problems.Add(new(PolicyProblemKind.UnknownSubjectCategory, Where(field),
                        $"purpose '{id}' names no data-subject category: set Subjects (Art. 30(1)(c))"));
                }

                foreach (var s in a.Subjects ?? [])
                {
                    if (subjects.TryGetValue(s ?? string.Empty, out var subject))
                    {
                        purposeSubjects.Add(subject);
                    }
                    else
                    {
                        _problems.Add(new(PolicyProblemKind.UnknownSubjectCategory, Where(field),
                            $"purpose '{id}' names data-subject category '{s}', which the policy does not declare{Known(subjects.Keys)}"));
                    }
                }

                var purposeRecipients = new List<Recipient>();
                foreach (var r in a.Recipients ?? [])
                {
                    if (recipients.TryGetValue(r ?? string.Empty, out var recipient))
                    {
                        purposeRecipients.Add(recipient);
                    }
                    else
                    {
                        _problems.Add(new(PolicyProblemKind.UnknownRecipient, Where(field),
                            $"purpose '{id}' names recipient '{r}', which the policy does not declare{Known(recipients.Keys)}"));
                    }
                }

                return new Purpose
                {
                    Id = id,
                    // A purpose without a Name (the README's quick start) is named for people from its identifier, as a
                    // member's display name is derived from its code name: "customer-service" reads "Customer service".
                    Name = a.Name ?? DisplayNames.Derive(id.Replace('-', '_').Replace('.', '_')),
                    Description = a.Description ?? string.Empty,
                    LegalBasis = a.LegalBasis,
                    SpecialCategoryCondition = a.SpecialCategoryCondition,
                    Subjects = purposeSubjects.DistinctBy(s => s.Id).OrderBy(s => s.Id, StringComparer.Ordinal).ToArray(),
                    Recipients = purposeRecipients.DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray(),
                    LegitimateInterest = a.LegitimateInterest,
                    Law = a.Law,
                    DirectMarketing = a.DirectMarketing,
                    Assumption = a.Assumption,
                };
            });

        private static string Where(FieldInfo field) => $"{field.DeclaringType?.Name}.{field.Name}";

        private void RequireText(FieldInfo field, string? text, string what)
        {
            if (IsBlank(text))
            {
                _problems.Add(new(PolicyProblemKind.MissingText, Where(field), $"the declaration needs {what}"));
            }
        }

        private void Collect(Type type)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var declarations = field.GetCustomAttributes(false).OfType<Attribute>().Where(IsDeclaration).ToList();
                if (declarations.Count == 0)
                {
                    continue;
                }

                if (!field.IsLiteral || field.FieldType != typeof(string))
                {
                    _problems.Add(new(PolicyProblemKind.InvalidDeclaration, Where(field),
                        $"[{Short(declarations[0])}] must be on a 'const string' field, so that annotations can use it as a compile-time constant"));
                    continue;
                }

                if (declarations.Count > 1)
                {
                    _problems.Add(new(PolicyProblemKind.InvalidDeclaration, Where(field),
                        $"carries {string.Join(" and ", declarations.Select(d => "[" + Short(d) + "]"))}: declare each thing on its own constant"));
                    continue;
                }

                var id = (string?)field.GetRawConstantValue();
                if (IsBlank(id))
                {
                    _problems.Add(new(PolicyProblemKind.InvalidDeclaration, Where(field), "the identifier (the constant's value) is empty"));
                    continue;
                }

                _all.Add((field, id!, declarations[0]));
            }

            foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                Collect(nested);
            }
        }

        private static bool IsDeclaration(Attribute a) =>
            a is PurposeAttribute or RetentionRuleAttribute or DataCategoryAttribute or DataSubjectCategoryAttribute or RecipientAttribute;

        private static string Short(Attribute a) => a.GetType().Name[..^"Attribute".Length];

        private Dictionary<string, TModel> Index<TAttribute, TModel>(string kind, Func<string, FieldInfo, TAttribute, TModel> create)
            where TAttribute : Attribute
        {
            var result = new Dictionary<string, TModel>(StringComparer.Ordinal);
            var firstField = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
            foreach (var (field, id, declaration) in _all)
            {
                if (declaration is not TAttribute attribute)
                {
                    continue;
                }

                if (firstField.TryGetValue(id, out var first))
                {
                    _problems.Add(new(PolicyProblemKind.DuplicateIdentifier, Where(field),
                        $"{kind} '{id}' is declared twice, here and at {Where(first)}: each identifier must be unique"));
                    continue;
                }

                firstField.Add(id, field);
                result.Add(id, create(id, field, attribute));
            }

            return result;
        }
    }
}
