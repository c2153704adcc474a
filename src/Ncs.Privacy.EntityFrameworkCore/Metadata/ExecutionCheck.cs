namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// What one column of a personal field accepts, read from the model once: the facts that decide which anonymisation
/// strategies a set-based UPDATE can apply to it without breaking a constraint or the application's ability to read
/// the row back.
/// </summary>
/// <param name="What">The property as the errors name it (<c>Customer.Ssn</c>).</param>
/// <param name="Type">The CLR type, without <see cref="Nullable{T}"/>.</param>
/// <param name="Nullable">Whether the property accepts NULL.</param>
/// <param name="MaxLength">The column's maximum length in characters, when bounded.</param>
/// <param name="Unique">Whether a unique index or alternate key contains the column.</param>
/// <param name="Converter">The name of the value converter the application configured, or null.</param>
/// <param name="CheckConstraint">The CHECK constraints that name the column, as <see cref="CheckConstraintRules.Write"/> stores them, or null.</param>
/// <param name="Computed">Whether the database computes the column (never written, recomputed from its sources).</param>
/// <param name="Swept">Whether a retention rule with a period applies, so the sweep must recognise an anonymised value.</param>
/// <param name="RandomGuid">Whether a random Guid can be made in an UPDATE: <see cref="Guid.NewGuid"/> where EF Core translates it, <see cref="StoreRandomGuid"/> on SQLite; false for a model built without UsePrivacy.</param>
/// <param name="Column">The column's name, which CHECK constraints refer to (null inside a JSON document).</param>
/// <param name="StoreType">The column's store type (<c>jsonb</c>, <c>character varying(25)</c>), when known.</param>
/// <param name="ConverterRejects">For a converted column: why the value converter cannot convert a strategy's fixed value, or null when it can.</param>
/// <param name="InJson">Whether the field lives inside a JSON document (an owned or complex type mapped with ToJson).</param>
/// <param name="Unwritable">Why no UPDATE may write the column at all (a discriminator, an identity column the database generates always), with the fix; null when it may be written.</param>
/// <param name="RandomMaximum">For an integer column: the largest random value its CLR type and store type both hold (<see cref="StoreTypes.RandomMaximum"/>); null for other columns.</param>
/// <param name="NullsNotDistinct">Whether a unique index on the column treats NULLs as equal (PostgreSQL <c>NULLS NOT DISTINCT</c>): only one row may hold NULL.</param>
internal sealed record ColumnFacts(string What, Type Type, bool Nullable, int? MaxLength, bool Unique, string? Converter, string? CheckConstraint, bool Computed, bool Swept, bool RandomGuid, string? Column = null, string? StoreType = null, Func<AnonymisationStrategy, string?>? ConverterRejects = null, bool InJson = false, string? Unwritable = null, long? RandomMaximum = null, bool NullsNotDistinct = false)
{
    /// <summary>Whether the store type holds text that any string can be written to (null: not known, assumed text).</summary>
    public bool TextStore => StoreType is null || Converter is not null || StoreTypes.IsText(StoreType);

    /// <summary>
    /// Whether the store type takes a value Ncs.Privacy writes as a constant (0, a date): false for PostgreSQL's transaction
    /// and tuple identifiers (<c>xid</c>, <c>xid8</c>, <c>cid</c>, <c>tid</c>), to which no integer casts. Null: not known, assumed so.
    /// </summary>
    public bool ValueStore => StoreType is null || Converter is not null || !StoreTypes.IsSystemIdentifier(StoreType);

    /// <summary>The facts of a property. <paramref name="checkConstraint"/> comes from the design-time model (runtime models drop check constraints).</summary>
    public static ColumnFacts Of(IReadOnlyProperty property, IEnumerable<PersonalDataUse> uses, string? checkConstraint)
    {
        var type = System.Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;

        // HasConversion<string>() names only the provider type: the converter (EnumToStringConverter) is the type mapping's.
        // Before type mappings are set (the start-up check), an enum stored as text gets EF Core's EnumToStringConverter. Only
        // for a column: inside a JSON document there is no column length, and the JSON rules below decide.
        var converter = property.GetValueConverter()
            ?? (property.GetProviderClrType() is { } provider && !property.DeclaringType.IsMappedToJson()
                ? (property.FindTypeMapping() as Microsoft.EntityFrameworkCore.Storage.CoreTypeMapping)?.Converter
                  ?? (type.IsEnum && provider == typeof(string)
                      ? (Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter?)Activator.CreateInstance(typeof(Microsoft.EntityFrameworkCore.Storage.ValueConversion.EnumToStringConverter<>).MakeGenericType(type), [null])
                      : null)
                : null);
        var maxLength = MaxLengthOf(property, converter);
        var (unique, nullsNotDistinct) = StoreColumns.Uniqueness(property);
        return new ColumnFacts(
            $"{ModelClassification.Name(property.DeclaringType)}.{property.Name}",
            type,
            property.IsNullable,
            maxLength,
            unique,
            converter is null ? null : converter.GetType().Name,
            checkConstraint,
            Anonymiser.IsComputed(property),
            uses.Any(u => u.Retention.Period is not null),
            // EF Core translates Guid.NewGuid() on PostgreSQL and SQL Server; on SQLite, UsePrivacy adds StoreRandomGuid.
            property.DeclaringType.Model.FindAnnotation(ExecutionCheck.ProviderAnnotation)?.Value is string,
            property.DeclaringType.IsMappedToJson() ? null : property.GetColumnName(),
            property.DeclaringType.IsMappedToJson() ? null : property.GetColumnType(),
            converter is null ? null : strategy => Rejects(converter, strategy, type, maxLength),
            property.DeclaringType.IsMappedToJson(),
            UnwritableReason(property),
            AnonymisationRules.IsRandomValueType(type) && type != typeof(Guid) ? StoreTypes.RandomMaximum(property) : null,
            nullsNotDistinct);
    }

    /// <summary>
    /// Why the database, or EF Core, refuses every value an UPDATE could write into the column, with the fix; null when the
    /// column may be written. The kind: columns whose value is not the application's to set. A discriminator (EF Core reads
    /// every row of the table by it, so any value but one of the hierarchy's makes the table unreadable); an identity column
    /// generated ALWAYS (PostgreSQL accepts only DEFAULT) or a SQL Server identity column (never updatable); a row version
    /// (SQL Server <c>rowversion</c>, PostgreSQL's system column <c>xmin</c>). Computed columns are not among them: they are
    /// never written and follow the columns they are computed from (<see cref="Anonymiser.IsComputed"/>).
    /// </summary>
    private static string? UnwritableReason(IReadOnlyProperty property)
    {
        var name = $"{ModelClassification.Name(property.DeclaringType)}.{property.Name}";
        if (property.DeclaringType is IReadOnlyEntityType entityType && entityType.FindDiscriminatorProperty() == property)
        {
            var root = entityType.GetRootType();
            var values = string.Join(", ", root.GetDerivedTypesInclusive().Select(t => t.GetDiscriminatorValue()).Where(v => v is not null).Select(v => $"'{v}'"));
            return $"is the discriminator of the {ModelClassification.Name(root)} hierarchy (values {values}): EF Core reads every row of the table by it, so any anonymised value (NULL, a token, a placeholder, zero) would match no entity type and leave the whole table unreadable ('No discriminators matched'); no strategy can anonymise it. "
                + $"Keep personal data out of the discriminator: give the hierarchy a technical discriminator (HasDiscriminator<string>(\"Kind\") with [NotPersonalData] values) and keep {property.Name} as a property of its own, or, if its values say nothing about the person, classify it as not personal data (.IsNotPersonalData(\"why\"))";
        }

        var sqlServer = property.FindAnnotation("SqlServer:ValueGenerationStrategy")?.Value?.ToString();
        if (property.FindAnnotation("Npgsql:ValueGenerationStrategy")?.Value?.ToString() == "IdentityAlwaysColumn")
        {
            return $"is a PostgreSQL identity column GENERATED ALWAYS (UseIdentityAlwaysColumn), which the database refuses to UPDATE to anything but DEFAULT (428C9), so it cannot be anonymised. Map it with UseIdentityByDefaultColumn() (the database still numbers new rows), or keep {name} in a column that is not an identity column";
        }

        if (sqlServer == "IdentityColumn")
        {
            return $"is a SQL Server identity column (UseIdentityColumn), which the database refuses to UPDATE, so it cannot be anonymised. Keep {name} in a column that is not an identity column (a sequence default, HasDefaultValueSql(\"NEXT VALUE FOR ...\"), can be updated)";
        }

        if (property.IsConcurrencyToken && property.ValueGenerated == ValueGenerated.OnAddOrUpdate
            && (string.Equals(property.GetColumnName(), "xmin", StringComparison.Ordinal)
                || (property.GetColumnType() is { } store && StoreTypes.Base(store) is "rowversion" or "timestamp" && property.ClrType == typeof(byte[]))))
        {
            return $"is a row version the database sets on every change (IsRowVersion), which no UPDATE may write; it is not personal data: classify it with [NotPersonalData(\"Concurrency token.\")]";
        }

        return null;
    }

    /// <summary>
    /// Why the application's converter cannot store the fixed value of <paramref name="strategy"/> (Redact's placeholder, the
    /// zero value): tried once at start-up, so that a converter that parses (text stored as a number) is refused there and
    /// not when an erasure runs.
    /// </summary>
    private static string? Rejects(Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter converter, AnonymisationStrategy strategy, Type type, int? maxLength)
    {
        var value = strategy switch
        {
            AnonymisationStrategy.Redact when type == typeof(string) => Anonymiser.Placeholder,
            AnonymisationStrategy.Zero => Anonymiser.ZeroOf(type),
            _ => null,
        };
        if (value is null)
        {
            return null;
        }

        object? stored;
        try
        {
            stored = converter.ConvertToProvider(value);
        }
#pragma warning disable CA1031 // any exception of the application's converter means the value cannot be stored
        catch (Exception error)
#pragma warning restore CA1031
        {
            return $"has a value converter ({converter.GetType().Name}) that cannot convert the {strategy} value ('{value}': {error.GetType().Name}), so the UPDATE would fail";
        }

        // What the column receives is the converter's output, not the value: it must fit the column's length (PostgreSQL
        // refuses a longer value with 22001, SQLite stores it and the column no longer holds what its type says).
        var length = stored switch
        {
            string text => text.Length,
            byte[] bytes => bytes.Length,
            _ => (int?)null,
        };
        if (length is { } written && maxLength is { } max && written > max)
        {
            return $"has a value converter ({converter.GetType().Name}) that stores the {strategy} value ('{value}') as {written} {(stored is byte[] ? "bytes" : "characters")}, more than the column's {max}, so the UPDATE would fail";
        }

        // The application reads the row back through the same converter (a value validated on read: a phone number, an
        // e-mail value object): a fixed value it cannot read would make the kept row unreadable and the export throw.
        try
        {
            converter.ConvertFromProvider(stored);
            return null;
        }
#pragma warning disable CA1031 // any exception of the application's converter means the row could not be read back
        catch (Exception error)
#pragma warning restore CA1031
        {
            return $"has a value converter ({converter.GetType().Name}) that cannot read the {strategy} value ('{value}') back ({error.GetType().Name}), so the application and the export could not load the row";
        }
    }

    /// <summary>
    /// The column's effective maximum length: the configured one (HasMaxLength), else the type mapping's size, else the
    /// value converter's mapping hints (a converter can bound the column by itself), else the store type (varchar(6)).
    /// </summary>
    private static int? MaxLengthOf(IReadOnlyProperty property, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? converter)
    {
        var lengths = new[]
        {
            property.GetMaxLength(),
            (property.FindTypeMapping() as Microsoft.EntityFrameworkCore.Storage.RelationalTypeMapping)?.Size,
            converter?.MappingHints?.Size,
            StoreTypes.Length(property.GetColumnType()),
        };
        return lengths.Where(l => l is > 0).Min();
    }

}

/// <summary>
/// The rules of set-based anonymisation, as pure functions of <see cref="ColumnFacts"/>: used by the start-up check
/// (which refuses what cannot run), by the planner (which shows the strategy) and by the executor and the sweep (which
/// apply it). One definition, so what start-up accepts is exactly what execution does.
/// </summary>
internal static class AnonymisationRules
{
    /// <summary>The long random token: <c>erased-</c> and two 15-digit random numbers.</summary>
    public const int LongToken = 7 + 30;

    /// <summary>The short random token, for bounded columns: <c>erased-</c> and one 15-digit random number.</summary>
    public const int ShortToken = 7 + 15;

    private static readonly AnonymisationStrategy[] Concrete =
    [
        AnonymisationStrategy.Null, AnonymisationStrategy.RandomToken, AnonymisationStrategy.RandomEmail, AnonymisationStrategy.Redact,
        AnonymisationStrategy.Zero, AnonymisationStrategy.TruncateToYear,
    ];

    /// <summary>The order <see cref="AnonymisationStrategy.Default"/> tries: NULL where allowed, else a random token, else a fixed value.</summary>
    private static readonly AnonymisationStrategy[] DefaultOrder =
        [AnonymisationStrategy.Null, AnonymisationStrategy.RandomToken, AnonymisationStrategy.Redact, AnonymisationStrategy.Zero];

    /// <summary>For a value that is not text: its zero value first, a random one only where a unique index needs it.</summary>
    private static readonly AnonymisationStrategy[] DefaultOrderOfValues =
        [AnonymisationStrategy.Null, AnonymisationStrategy.Zero, AnonymisationStrategy.RandomToken];

    /// <summary>
    /// The smallest value space in which <see cref="AnonymisationStrategy.RandomToken"/> draws a random integer for a unique
    /// column: nine decimal digits. An <c>int</c> (2,147,483,647) or <c>numeric(9)</c> column qualifies, a <c>smallint</c>
    /// (32,767), <c>tinyint</c> or <c>byte</c> does not: there a draw collides with a value the column holds with the probability
    /// of the column's fill (a third full: one in three), and the draws of one statement with each other after about
    /// 1.2 × √space rows (213 for a smallint), so an erasure could fail on every attempt (docs/decisions.md, issue 11 round 7).
    /// </summary>
    public const long MinimumUniqueRandomSpace = 999_999_999;

    /// <summary>Whether the type is an integer or Guid that <see cref="AnonymisationStrategy.RandomToken"/> fills with a random value.</summary>
    public static bool IsRandomValueType(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(Guid);

    /// <summary>A number or bool, which EF Core sets inside a JSON document to a conditional value on every provider.</summary>
    private static bool IsJsonScalar(Type type)
        => type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(decimal) || type == typeof(double) || type == typeof(float);

    /// <summary>The strategy applied, or the problem that makes the declared one (or every one) impossible.</summary>
    public static (AnonymisationStrategy Strategy, string? Problem) Resolve(ColumnFacts column, AnonymisationStrategy declared)
    {
        if (!column.Computed && column.Unwritable is { } unwritable)
        {
            return (declared, unwritable); // the reason carries its own fix: no strategy would, so none is offered
        }

        if (declared != AnonymisationStrategy.Default)
        {
            var problem = Problem(column, declared);
            return (declared, problem is null ? null : $"{problem}; {Offer(column)}");
        }

        foreach (var candidate in column.Type == typeof(string) ? DefaultOrder : DefaultOrderOfValues)
        {
            // An enum's zero is one of its members (or none): Ncs.Privacy never picks it by itself (docs/decisions.md, round 3).
            if (Problem(column, candidate) is null && !(candidate == AnonymisationStrategy.Zero && column.Type.IsEnum))
            {
                return (candidate, null);
            }
        }

        if (column.Type.IsEnum && Problem(column, AnonymisationStrategy.Zero) is null)
        {
            var member = $"{column.Type.Name}.{Enum.GetName(column.Type, Activator.CreateInstance(column.Type)!)}";
            return (AnonymisationStrategy.Default,
                $"is a NOT NULL enum: Ncs.Privacy does not pick one of its members for a person, and its zero value {member} would read as a fact about them; "
                + $"choose Anonymisation = AnonymisationStrategy.Zero if {member} means 'not known', or make the column nullable (Null then fits)");
        }

        return (AnonymisationStrategy.Default, $"has no anonymisation strategy that fits the column ({Reasons(column)}); {Offer(column)}");
    }

    /// <summary>Every strategy that fits the column.</summary>
    public static IReadOnlyList<AnonymisationStrategy> Valid(ColumnFacts column) => Concrete.Where(s => Problem(column, s) is null).ToArray();

    /// <summary>Why <paramref name="strategy"/> cannot run on the column, or null when it can.</summary>
    public static string? Problem(ColumnFacts column, AnonymisationStrategy strategy)
    {
        if (column.Computed)
        {
            return null; // never written: the database recomputes it from the columns it reads
        }

        if (column.Unwritable is { } unwritable)
        {
            return unwritable; // no value at all may be written, whatever the strategy
        }

        var type = column.Type;
        var computedInDatabase = strategy is AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail or AnonymisationStrategy.TruncateToYear;
        return strategy switch
        {
            AnonymisationStrategy.Pseudonymise => "asks for Pseudonymise, which set-based erasure does not support (a keyed pseudonym must be computed per value outside the database)",
            AnonymisationStrategy.Default => null,
            AnonymisationStrategy.Null when !column.Nullable => "is NOT NULL, so it cannot be anonymised to NULL",
            AnonymisationStrategy.Null when column.NullsNotDistinct
                => "has a unique index that treats NULLs as equal (NULLS NOT DISTINCT, AreNullsDistinct(false)), so only one erased row could hold NULL",
            _ when computedInDatabase && column.Converter is not null
                => $"has a value converter ({column.Converter}) and a {strategy} value is computed in the database, where the converter does not run: the application could not read the row back",
            _ when column.InJson && column.Converter is not null
                => $"is inside a JSON document and has a value converter ({column.Converter}): EF Core cannot set a converted value inside a JSON document set-based on every provider (PostgreSQL rejects the untyped value), so the UPDATE would fail",
            _ when column.InJson && column.Nullable && type != typeof(string) && !IsJsonScalar(type) && strategy != AnonymisationStrategy.Null
                => $"is a nullable {type.Name} inside a JSON document: keeping a NULL NULL needs a conditional, which EF Core does not write into a JSON field of this type (SQLite rejects it), so the UPDATE would fail",
            _ when column.ConverterRejects?.Invoke(strategy) is { } rejected => rejected,
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail or AnonymisationStrategy.Redact or AnonymisationStrategy.Zero when type == typeof(string) && !column.TextStore
                => $"is stored as {column.StoreType}, not as text, and a {strategy} value is text that such a column does not accept",
            AnonymisationStrategy.Zero or AnonymisationStrategy.RandomToken or AnonymisationStrategy.TruncateToYear when type != typeof(string) && !column.ValueStore
                => $"is stored as {column.StoreType}, which takes no number or date written in an UPDATE (PostgreSQL casts no integer to it), so a {strategy} value would be refused",
            _ when CheckConstraintRules.Problem(column, strategy) is { } violated => violated,
            AnonymisationStrategy.Redact when type != typeof(string) => "is not text; Redact needs a text column",
            AnonymisationStrategy.Redact or AnonymisationStrategy.Zero or AnonymisationStrategy.TruncateToYear when column.Unique
                => $"has a unique index, and {strategy} would give every erased row the same value",
            AnonymisationStrategy.RandomEmail when type != typeof(string) => "is not text; RandomEmail needs a text column",
            AnonymisationStrategy.RandomToken when type != typeof(string) && !IsRandomValueType(type) => $"is a {type.Name}; RandomToken needs a text, integer or Guid column",
            AnonymisationStrategy.RandomToken when type != typeof(string) && column.RandomMaximum is < 1
                => $"is stored as {column.StoreType}, which holds no positive integer, so no random value fits it",
            AnonymisationStrategy.RandomToken when type != typeof(string) && column.Unique && column.RandomMaximum is { } space && space < MinimumUniqueRandomSpace
                => $"has a unique index and is stored as {column.StoreType ?? type.Name}, which holds random values only up to {Count(space)}: random values collide there "
                   + $"(one erasure of a few hundred rows, or one row in a column already a third full, fails on the unique index however often it draws again), so RandomToken needs a column of at least {Count(MinimumUniqueRandomSpace)} values",
            AnonymisationStrategy.RandomToken when type == typeof(Guid) && !column.RandomGuid => "is a Guid, and the model names no database provider (it was built without UsePrivacy), so no random Guid can be made in an UPDATE",
            AnonymisationStrategy.RandomToken when type != typeof(string) && column.Swept
                => $"has a retention period, and a random {type.Name} cannot be told apart from the original, so the retention sweep could not recognise an anonymised row",
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail when type == typeof(string) && column.MaxLength is { } max && max < ShortToken + Suffix(strategy)
                => $"holds at most {max} characters but a {strategy} value needs at least {ShortToken + Suffix(strategy)}",
            AnonymisationStrategy.Redact when column.MaxLength is { } max && max < Anonymiser.Placeholder.Length => $"holds fewer than {Anonymiser.Placeholder.Length} characters, the length of Redact's placeholder",
            AnonymisationStrategy.Zero when Anonymiser.ZeroOf(type) is null => $"is a {type.Name}, which has no zero value Ncs.Privacy knows",
            AnonymisationStrategy.Zero when type.IsEnum && !Enum.IsDefined(type, Activator.CreateInstance(type)!)
                => $"is a {type.Name}, which declares no member with the value 0: Zero would write a {type.Name} the application reads as a fact nobody recorded",
            AnonymisationStrategy.TruncateToYear when type != typeof(DateTime) => "is not a DateTime; TruncateToYear needs a date column",
            _ => null,
        };
    }

    /// <summary>A number of values as the errors write it: 32,767.</summary>
    private static string Count(long values) => values.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long a random token of the column is: the long form where it fits, else the short one.</summary>
    public static int TokenDigits(ColumnFacts column, AnonymisationStrategy strategy)
        => column.MaxLength is { } max && max < LongToken + Suffix(strategy) ? 1 : 2;

    private static int Suffix(AnonymisationStrategy strategy) => strategy == AnonymisationStrategy.RandomEmail ? Anonymiser.EmailDomain.Length : 0;

    /// <summary>The fix: the strategies that fit (never one that does not), or what to change when none does.</summary>
    private static string Offer(ColumnFacts column)
    {
        var valid = Valid(column);
        if (valid.Count > 0)
        {
            return "choose " + string.Join(" or ", valid.Select(s => $"Anonymisation = AnonymisationStrategy.{s}"));
        }

        var changes = new List<string>();
        if (!column.Nullable)
        {
            changes.Add("make the column nullable (Null then fits)");
        }

        if (column.CheckConstraint is not null)
        {
            changes.Add("drop or relax the CHECK constraint");
        }

        // Only fixes that apply to this column: no unique index to remove where there is none, and no converter to remove
        // where the property's own type (a value object) cannot be stored without it.
        var removableConverter = column.Converter is not null
            && (column.Type.IsPrimitive || column.Type == typeof(string) || column.Type == typeof(Guid) || column.Type == typeof(decimal) || column.Type.IsEnum);
        if (removableConverter && column.Unique)
        {
            changes.Add("remove the unique index or the value converter");
        }
        else if (removableConverter)
        {
            changes.Add("remove the value converter");
        }
        else if (column.Unique)
        {
            changes.Add(column.NullsNotDistinct ? "remove the unique index or let it treat NULLs as distinct (AreNullsDistinct(true))" : "remove the unique index");
        }

        if (column.Unique && column.RandomMaximum is { } space && space < MinimumUniqueRandomSpace && space > 0)
        {
            changes.Add($"widen the column to one that holds at least {Count(MinimumUniqueRandomSpace)} (an int or bigint column; RandomToken then fits)");
            changes.Add("keep the value in an entity type of its own that erasure deletes with the subject (a row with a foreign key to this one)");
        }

        if (column.Type.IsEnum && !Enum.IsDefined(column.Type, Activator.CreateInstance(column.Type)!))
        {
            changes.Add($"add a member that means 'not known' with the value 0 to {column.Type.Name} and choose Anonymisation = AnonymisationStrategy.Zero");
        }

        if (column.MaxLength is not null && column.Type == typeof(string))
        {
            changes.Add($"widen the column to at least {ShortToken} characters");
        }

        if (column.Type == typeof(string) && !column.TextStore)
        {
            changes.Add("map it to a text column");
        }

        if (column.Type != typeof(string) && !column.ValueStore)
        {
            changes.Add($"map it to a column of its own type instead of {column.StoreType} (remove HasColumnType)");
        }

        return "no strategy fits: " + string.Join(", or ", changes.DefaultIfEmpty("map it to a text column"));
    }

    private static string Reasons(ColumnFacts column)
        => string.Join("; ", DefaultOrder.Select(s => $"{s}: {Problem(column, s)}"));
}

/// <summary>
/// The start-up check of what erasure and retention can execute: for every personal field and every mapping that holds
/// personal data, whether the statements that may be needed (delete the row, anonymise the field with its resolved
/// strategy) can run set-based on that mapping. Run from <see cref="PrivacyModelCheck"/>; the resolved strategy of
/// every personal field is written into the model as the <see cref="StrategyAnnotation"/> annotation (a string, so
/// compiled models keep it), which planning, execution and the sweep read.
/// </summary>
internal static class ExecutionCheck
{
    /// <summary>On a personal property: the <see cref="AnonymisationStrategy"/> decided at start-up, by name.</summary>
    public const string StrategyAnnotation = PrivacyAnnotationNames.Prefix + "Anonymisation";

    /// <summary>On a personal property the database generates on every update: "true" when it has computed SQL (never written), else "false".</summary>
    public const string ComputedAnnotation = PrivacyAnnotationNames.Prefix + "Computed";

    /// <summary>On the model: the assembly name of the database provider, whose translations decide some strategies.</summary>
    public const string ProviderAnnotation = PrivacyAnnotationNames.Prefix + "Provider";

    /// <summary>On a personal property: "true" when its column has a collation (its own or the model's), which may be nondeterministic; runtime models keep none.</summary>
    public const string CollatedAnnotation = PrivacyAnnotationNames.Prefix + "Collated";

    /// <summary>On a personal property under a CHECK constraint: the constraint, kept because runtime models drop check constraints.</summary>
    public const string CheckConstraintAnnotation = PrivacyAnnotationNames.Prefix + "CheckConstraint";

    public static void Check(IReadOnlyModel model, PrivacyPolicy policy, List<PrivacyModelProblem> problems)
    {
        using var tables = EntityStatements.TablesFixedDuring(model); // the check reads the model, never changes it
        var checks = CheckConstraints(model);
        foreach (var entityType in model.GetEntityTypes())
        {
            var entityName = PrivacyModelCheck.EntityName(entityType);
            foreach (var property in ModelClassification.DeclaredScalarProperties(entityType))
            {
                if (ModelClassification.RecordedKind(property) is not (PropertyClassificationKind.PersonalData or PropertyClassificationKind.IdentityPersonalData)
                    || property.IsKey() || property.IsForeignKey())
                {
                    continue; // personal keys are the subject graph's rule
                }

                if (property.ValueGenerated == ValueGenerated.OnAddOrUpdate)
                {
                    Record(property, ComputedAnnotation, property.GetComputedColumnSql() is null ? "false" : "true");
                }

                var uses = Uses(property, policy);
                if (model is not IModel || model is IMutableModel)
                {
                    // The column's uniqueness, wherever the index is declared: recorded, since the runtime model's
                    // properties know only their own indexes and no computed SQL.
                    Record(property, StoreColumns.UniqueAnnotation, StoreColumns.Record(StoreColumns.Uniqueness(property)));
                    Record(property, CollatedAnnotation, (property.GetCollation() ?? model.GetCollation()) is null ? "false" : "true");
                }

                var check = FindCheck(property, checks) ?? property.FindAnnotation(CheckConstraintAnnotation)?.Value as string;
                var facts = ColumnFacts.Of(property, uses, check);
                var declared = uses.Select(u => u.Anonymisation).FirstOrDefault(s => s != AnonymisationStrategy.Default);
                var (strategy, problem) = AnonymisationRules.Resolve(facts, declared);
                var name = property.DeclaringType is IReadOnlyComplexType complex ? ModelClassification.Name(complex) + "." + property.Name : property.Name;
                if (problem is not null)
                {
                    problems.Add(new(PrivacyModelProblemKind.AnonymisationNotExecutable, entityName, name, problem));
                    continue;
                }

                Record(property, StrategyAnnotation, strategy.ToString());
                if (check is not null)
                {
                    Record(property, CheckConstraintAnnotation, check);
                }
            }

            CheckMapping(entityType, entityName, policy, problems);
        }
    }

    /// <summary>The uses of a property as the runtime resolves them (attributes and <c>Classify</c>, or the model builder's).</summary>
    private static IReadOnlyList<PersonalDataUse> Uses(IReadOnlyProperty property, PrivacyPolicy policy)
    {
        var member = ModelClassification.FindMember(policy, property);
        if (member is { Uses.Count: > 0 } && property.FindAnnotation(PrivacyAnnotationNames.Uses) is null)
        {
            return member.Uses;
        }

        return ModelClassification.RecordedUses(property)
            .Where(u => policy.Purposes.ContainsKey(u.Purpose) && policy.RetentionRules.ContainsKey(u.Retention))
            .Select(u => new PersonalDataUse { Purpose = policy.Purposes[u.Purpose], Retention = policy.RetentionRules[u.Retention], Recipients = policy.Purposes[u.Purpose].Recipients })
            .ToArray();
    }

    private static void CheckMapping(IReadOnlyEntityType entityType, string entityName, PrivacyPolicy policy, List<PrivacyModelProblem> problems)
    {
        if (entityType.IsOwned())
        {
            return;
        }

        var personal = Personal(entityType, inherited: true).ToArray();
        if (personal.Length > 0 && entityType.FindPrimaryKey() is null && entityType.GetTableName() is not null)
        {
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, personal[0].Name,
                "is personal data in a keyless entity type: erasure and retention find, count and change rows by key. Give the entity type a key (HasKey), or keep the data in an entity type that has one"));
        }

        if (personal.Length > 0 && entityType.GetMappingStrategy() == RelationalAnnotationNames.TpcMappingStrategy
            && !entityType.IsAbstract() && entityType.GetDirectlyDerivedTypes().Any())
        {
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, null,
                $"is a concrete entity type with derived types in a table-per-concrete-type (TPC) hierarchy and holds personal data; EF Core runs ExecuteDelete/ExecuteUpdate only on TPC leaf types, so its own rows could not be erased. Make {ModelClassification.Name(entityType)} abstract (with a derived type for the rows it holds itself), or map the hierarchy with TPH (UseTphMappingStrategy) or TPT (UseTptMappingStrategy)"));
        }

        if (entityType.GetMappingStrategy() is RelationalAnnotationNames.TptMappingStrategy or RelationalAnnotationNames.TpcMappingStrategy
            && entityType.GetDeclaredComplexProperties().FirstOrDefault(c => !c.ComplexType.IsMappedToJson()) is { } complex
            && entityType.GetDerivedTypes().Any(d => d.GetTableName() is { } table && table != entityType.GetTableName())
            && entityType.GetRootType().GetDerivedTypesInclusive().Any(t => Personal(t, inherited: true).Any()))
        {
            // EF Core maps the complex type's columns once for every table of the types that inherit it, and its queries of the
            // hierarchy then fail: TPT expects one mapping (SelectExpression.GenerateComplexPropertyShaperExpression: 'Sequence
            // contains more than one element', dotnet/efcore#35392), TPC throws a NullReferenceException building the select
            // of a leaf. The application's own queries, the export and erasure's reads would fail.
            var tpt = entityType.GetMappingStrategy() == RelationalAnnotationNames.TptMappingStrategy;
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, complex.Name,
                $"is a complex type (ComplexProperty) declared on {ModelClassification.Name(entityType)}, the base of a {(tpt ? "table-per-type (TPT)" : "table-per-concrete-type (TPC)")} hierarchy whose derived types have tables of their own; "
                + (tpt ? "EF Core's own queries of such a hierarchy fail ('Sequence contains more than one element', dotnet/efcore#35392)" : "EF Core's own queries of its concrete types fail (a NullReferenceException while EF Core builds the query)")
                + ", so neither the application nor the export nor erasure could read these rows. "
                + $"Map it as an owned type on the base of a table-per-type hierarchy (UseTptMappingStrategy() and OwnsOne({complex.Name}): its columns stay in the base's table)"));
        }

        if (personal.Length > 0 && entityType.GetTableName() is null
            && (entityType.GetViewName() ?? entityType.GetSqlQuery() ?? entityType.GetFunctionName()) is { } source
            && entityType.GetForeignKeys().FirstOrDefault(fk => !fk.IsOwnership) is { } relationship)
        {
            // A relationship puts the rows in a subject's data, but they are read from a view, SQL query or function: EF Core
            // translates no ExecuteDelete/ExecuteUpdate on them. Their personal data lives in the tables they read.
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, personal[0].Name,
                $"is personal data in an entity type mapped to a view, SQL query or function ({source}) that a relationship ({string.Join(", ", relationship.Properties.Select(p => p.Name))} -> {ModelClassification.Name(relationship.PrincipalEntityType)}) makes part of a subject's data; EF Core runs no ExecuteDelete/ExecuteUpdate on it, and its rows come from tables erasure changes itself. Remove the relationship from {ModelClassification.Name(entityType)} (join in the query instead), or map it to its table (ToTable)"));
        }

        if (personal.Length > 0 && entityType.GetTableName() is { } written && entityType.GetViewName() is { } read
            && (read != written || entityType.GetViewSchema() != entityType.GetSchema()))
        {
            // Plans count and exports read through the view; ExecuteDelete/ExecuteUpdate change the table. Rows the view hides
            // would be missing from the export and the plan, and every plan would look stale.
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, personal[0].Name,
                $"is personal data in an entity type written to table {written} but read from view {read} (ToTable(...).ToView(...)): plans and exports read the view, erasure changes the table, so rows the view hides would be missing from both and no plan would ever match. Remove ToView from {ModelClassification.Name(entityType)}, and read the view through a keyless entity type of its own without a relationship (HasNoKey().ToView(...))"));
        }

        if (personal.Length > 0 && entityType.GetMappingFragments(StoreObjectType.Table).Any())
        {
            // EF Core translates no ExecuteDelete/ExecuteUpdate on an entity type split over several tables.
            var split = entityType.GetMappingFragments(StoreObjectType.Table).ToArray();
            var inFragment = personal.FirstOrDefault(p => split.Any(f => p.GetColumnName(f.StoreObject) is not null)) ?? personal[0];
            problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, entityName, inFragment.Name,
                $"is personal data in an entity type split over several tables (SplitToTable: {string.Join(", ", split.Select(f => f.StoreObject.Name))}); EF Core runs no ExecuteDelete/ExecuteUpdate on an entity type that uses entity splitting, so its rows could neither be erased nor anonymised. Map the columns of the other table as an owned type in a table of its own (OwnsOne(...).ToTable(...)), or as an entity type with a one-to-one relationship to {ModelClassification.Name(entityType)}"));
        }

        var kept = MayBeKept(entityType, policy);
        foreach (var (where, why, properties) in SeparateData(entityType, entityType.GetTableName(), entityName, inSeparateRows: false))
        {
            if (why is "an owned collection (OwnsMany)" or "an owned type in a table of its own")
            {
                // Deleted with the owner (the ownership cascades) and anonymised with a kept owner by an UPDATE of the owned
                // table; only the retention sweep, which works row by row of non-owned types, cannot reach them on their own.
                if (properties.Any(p => Uses(p, policy).Any(u => u.Retention.Period is not null)))
                {
                    problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, where, properties[0].Name,
                        $"is personal data in {why} with a retention period of its own, which the retention sweep cannot enforce on owned rows of another table. Map it as an entity type with a foreign key to its owner (the sweep then finds its rows and their anchor), or give it its owner's retention rule"));
                }

                continue;
            }

            var swept = properties.Any(p => Uses(p, policy).Any(u => u.Retention.Period is not null || u.Retention.IsLegalHold || u.Erasure == ErasureAction.Anonymise));

            // A plan also keeps rows that rows which stay refer to (decided from the data, per plan): a complex collection
            // of a type that other rows refer to may have to stay, which set-based erasure cannot anonymise.
            var referrer = why == "a complex collection" ? entityType.GetReferencingForeignKeys().FirstOrDefault(fk => !fk.IsOwnership) : null;
            if (referrer is not null && !kept && !swept)
            {
                problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, where, properties[0].Name,
                    $"is personal data in a complex collection of {ModelClassification.Name(entityType)}, which {ModelClassification.Name(referrer.DeclaringEntityType)} rows refer to ({string.Join(", ", referrer.Properties.Select(p => p.Name))}): when a row that stays refers to it, erasure keeps the row, and set-based statements cannot anonymise a complex collection. Map the collection as an entity type with a foreign key to its owner (erasure then deletes or anonymises its rows itself)"));
                continue;
            }

            if (why is "json" or "json collection" or "nested" || kept || swept)
            {
                problems.Add(new(PrivacyModelProblemKind.MappingNotExecutable, where, properties[0].Name, why switch
                {
                    "json" => "is personal data in an owned type mapped to JSON (OwnsOne(...).ToJson()); EF Core cannot update fields inside it set-based, so a kept row could not be anonymised. Map it as a complex type (ComplexProperty(...), also with .ToJson()), or as OwnsOne without ToJson (columns in the owner's table)",
                    // A list: neither a complex type nor OwnsOne holds one, and a complex collection is refused where the row may stay.
                    "json collection" => "is personal data in an owned collection mapped to JSON (OwnsMany(...).ToJson()); EF Core cannot update fields inside it set-based, so a kept row could not be anonymised. Map it as OwnsMany without ToJson (a table of its own, anonymised with a kept owner), or as an entity type with a foreign key to its owner where it has a retention period of its own",
                    "nested" => "is personal data in an owned type inside owned rows of another table (an OwnsMany within an OwnsMany, or with a table of its own); erasure anonymises owned rows one level deep. Map the outer owned type as an entity type with a foreign key to its owner, or keep the inner one in the outer one's table (OwnsOne without ToTable)",
                    _ => $"is personal data in {why}, which set-based statements cannot anonymise while the owner's row "
                         + (kept ? "is kept (a legal hold, ErasureAction.Anonymise, another subject's fields, or a mapping that cannot delete)" : "stays (its own retention rule)")
                         + ". Map it as an entity type with a foreign key to its owner (erasure then deletes or anonymises its rows itself), or as OwnsOne or a complex type in the owner's table",
                }));
            }
        }
    }

    /// <summary>Whether rows of the entity type may have to stay (anonymised) rather than be deleted, decided from the model and policy.</summary>
    private static bool MayBeKept(IReadOnlyEntityType entityType, PrivacyPolicy policy)
        => Personal(entityType, inherited: true).Any(p => Uses(p, policy).Any(u => u.Erasure == ErasureAction.Anonymise || u.Retention.IsLegalHold))
           || entityType.GetProperties().Any(p => p.FindAnnotation(PrivacyAnnotationNames.Subject) is not null)
           || !EntityStatements.CanDelete(entityType);

    /// <summary>Personal data the owner's row does not hold: owned types in another table, owned and complex collections, owned JSON.</summary>
    private static IEnumerable<(string Where, string Why, IReadOnlyProperty[] Properties)> SeparateData(IReadOnlyTypeBase type, string? table, string name, bool inSeparateRows)
    {
        foreach (var complex in type.GetComplexProperties())
        {
            var properties = ComplexPersonal(complex.ComplexType).ToArray();
            if (complex.IsCollection && properties.Length > 0)
            {
                yield return (name + "." + complex.Name, "a complex collection", properties);
            }
        }

        if (type is not IReadOnlyEntityType entityType)
        {
            yield break;
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.ForeignKey.IsOwnership && !n.IsOnDependent))
        {
            var owned = navigation.TargetEntityType;
            var where = name + "." + navigation.Name;
            var properties = Personal(owned, inherited: true).Where(p => !p.IsKey() && !p.IsForeignKey()).ToArray();
            if (owned.IsMappedToJson())
            {
                if (properties.Length > 0 || owned.GetNavigations().Any(n => n.ForeignKey.IsOwnership))
                {
                    yield return (where, navigation.IsCollection ? "json collection" : "json", properties.Length > 0 ? properties : [owned.GetProperties().First()]);
                }

                continue;
            }

            // An inherited navigation (OwnsOne on a table-per-type base) has its owned type in the base's table, not this one's.
            if (navigation.IsCollection || owned.GetTableName() != (navigation.DeclaringEntityType == type ? table : navigation.DeclaringEntityType.GetTableName()))
            {
                if (inSeparateRows)
                {
                    var inner = Personal(owned, inherited: true).Concat(owned.GetNavigations().Where(n => n.ForeignKey.IsOwnership).SelectMany(n => Personal(n.TargetEntityType, inherited: true))).ToArray();
                    if (inner.Length > 0)
                    {
                        yield return (where, "nested", inner);
                    }

                    continue;
                }

                if (properties.Length > 0)
                {
                    yield return (where, navigation.IsCollection ? "an owned collection (OwnsMany)" : "an owned type in a table of its own", properties);
                }

                foreach (var nested in SeparateData(owned, owned.GetTableName(), where, inSeparateRows: true))
                {
                    yield return nested;
                }

                continue;
            }

            foreach (var nested in SeparateData(owned, table, where, inSeparateRows))
            {
                yield return nested;
            }
        }
    }

    private static IEnumerable<IReadOnlyProperty> Personal(IReadOnlyEntityType entityType, bool inherited)
        => (inherited ? entityType.GetProperties() : entityType.GetDeclaredProperties())
            .Concat(entityType.GetComplexProperties().Where(c => !c.IsCollection).SelectMany(c => ComplexPersonal(c.ComplexType)))
            .Where(p => ModelClassification.RecordedKind(p) is PropertyClassificationKind.PersonalData or PropertyClassificationKind.IdentityPersonalData);

    private static IEnumerable<IReadOnlyProperty> ComplexPersonal(IReadOnlyComplexType complexType)
        => complexType.GetProperties()
            .Concat(complexType.GetComplexProperties().SelectMany(c => ComplexPersonal(c.ComplexType)))
            .Where(p => ModelClassification.RecordedKind(p) is PropertyClassificationKind.PersonalData or PropertyClassificationKind.IdentityPersonalData);

    /// <summary>Check constraints by table, from a design-time model (a runtime model has none; its annotations carry them).</summary>
    private static Dictionary<string, List<(string Name, string Sql)>> CheckConstraints(IReadOnlyModel model)
    {
        var byTable = new Dictionary<string, List<(string, string)>>(StringComparer.Ordinal);
        if (model is IModel and not IMutableModel)
        {
            return byTable;
        }

        foreach (var entityType in model.GetEntityTypes())
        {
            if (entityType.GetTableName() is not { } table)
            {
                continue;
            }

            // A TPC leaf table also carries the constraints declared on its (abstract) base types, which have no table.
            var constraints = entityType.GetMappingStrategy() == RelationalAnnotationNames.TpcMappingStrategy
                ? entityType.GetAllBaseTypesInclusive().SelectMany(t => t.GetDeclaredCheckConstraints())
                : entityType.GetCheckConstraints();
            foreach (var constraint in constraints)
            {
                var key = entityType.GetSchema() + "." + table;
                if (!byTable.TryGetValue(key, out var list))
                {
                    byTable[key] = list = [];
                }

                if (!list.Contains((constraint.ModelName, constraint.Sql)))
                {
                    list.Add((constraint.ModelName, constraint.Sql)); // once, though a TPH type and its base both list it
                }
            }
        }

        return byTable;
    }

    /// <summary>
    /// The CHECK constraints that name the property's column in any table the column is in: a TPC property declared on an
    /// abstract base is a column of each leaf table, under the constraints of each (declared on the leaf or on the base).
    /// </summary>
    private static string? FindCheck(IReadOnlyProperty property, Dictionary<string, List<(string Name, string Sql)>> checks)
    {
        var naming = new List<(string Name, string Sql)>();
        foreach (var table in StoreColumns.TablesOf(property))
        {
            if (!checks.TryGetValue(table.Schema + "." + table.Name, out var list) || property.GetColumnName(table) is not { } column)
            {
                continue;
            }

            var pattern = StoreColumns.Names(column);
            naming.AddRange(list.Where(c => pattern.IsMatch(c.Sql) && !naming.Contains(c)));
        }

        return naming.Count == 0 ? null : CheckConstraintRules.Write(naming);
    }

    private static void Record(IReadOnlyProperty property, string name, string value)
    {
        switch (property)
        {
            case IConventionProperty convention:
                convention.Builder.HasAnnotation(name, value);
                break;
            case IMutableProperty mutable:
                mutable.SetAnnotation(name, value);
                break;
        }
    }
}
