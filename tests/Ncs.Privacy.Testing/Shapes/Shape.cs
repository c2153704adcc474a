using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Shapes;

/// <summary>
/// One mapping feature of EF Core, as the smallest model that has it, with three customers: 1 and 2 recent (2026), 3 last
/// seen in 2020 so that its two-year data has expired. Personal values carry their owner: <c>s1-</c>, <c>s2-</c>,
/// <c>s3-</c>; a value a legal hold keeps reads <c>s1-held-</c>; a value under the two-year rule of customer 3 reads
/// <c>old-</c>. The catalogue is the place to look for what is supported (docs/mapping-support.md is checked against it).
/// </summary>
public abstract class Shape
{
    /// <summary>The mapping feature, as the row of docs/mapping-support.md names it.</summary>
    public abstract string Feature { get; }

    /// <summary>For a shape start-up refuses: a fragment of the error (which names the fix); null when the shape works.</summary>
    public virtual string? Refused => null;

    /// <summary>The start-up error fragment on one database, where support depends on what the provider translates.</summary>
    public virtual string? RefusedOn(DatabaseProvider provider) => Refused;

    /// <summary>The customers of the shape, by key.</summary>
    public virtual IReadOnlyList<object> Subjects => [1, 2, 3];

    /// <summary>The context type.</summary>
    public abstract Type ContextType { get; }

    /// <summary>"Now" in the shape tests: 2026-11-25.</summary>
    public static DateTime Today => new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>When customers 1 and 2 were last seen.</summary>
    public static DateTime Recent => new(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>When customer 3 was last seen: its two-year data has expired.</summary>
    public static DateTime Old => new(2020, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Registers the shape's context and Ncs.Privacy, as an application would.</summary>
    public abstract IPrivacyBuilder Register(IServiceCollection services, Action<DbContextOptionsBuilder> configure);

    /// <summary>What a stored value says, for a table dump (an encrypted column decrypted); the value itself by default.</summary>
    public virtual string Reveal(string stored) => stored;

    /// <summary>Adds the three customers and their rows.</summary>
    public abstract Task SeedAsync(DbContext context);

    /// <summary>The marker of customer <paramref name="id"/> for a value under the two-year rule.</summary>
    public static string Swept(int id, string what) => id == 3 ? $"old-{what}" : $"s{id}-{what}";

    /// <summary>The anchor of customer <paramref name="id"/>.</summary>
    public static DateTime SeenAt(int id) => id == 3 ? Old : Recent;

    public override string ToString() => Feature;
}

/// <summary>A shape whose model is <typeparamref name="TContext"/>.</summary>
public abstract class Shape<TContext> : Shape
    where TContext : DbContext
{
    public override Type ContextType => typeof(TContext);

    public override IPrivacyBuilder Register(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        services.AddDbContext<TContext>(configure);
        return services.AddPrivacy(p => p.UsePolicy(typeof(ShapePolicy)).Configure(o => o.ModelNamespaces.Add(typeof(ShapePolicy).Namespace!))).AddEntityFrameworkCore<TContext>();
    }

    public override Task SeedAsync(DbContext context) => SeedAsync((TContext)context);

    protected abstract Task SeedAsync(TContext context);
}

/// <summary>Every shape of the catalogue.</summary>
public static class ShapeCatalogue
{
    public static IReadOnlyList<Shape> All { get; } =
    [
        new TphShape(),
        new TptShape(),
        new TpcAbstractShape(),
        new TpcConcreteShape(),
        new TableSplittingShape(),
        new OwnedInRowShape(),
        new OwnedTableShape(),
        new OwnedCollectionShape(),
        new OwnedTableKeptShape(),
        new OwnedOnlyShape(),
        new NestedTableShape(),
        new OwnedSweptShape(),
        new OwnedJsonShape(),
        new ComplexShape(),
        new ComplexJsonShape(),
        new ComplexCollectionShape(),
        new ComplexReferencedShape(),
        new ComputedDefaultShape(),
        new KeylessShape(),
        new ShadowShape(),
        new PropertyBagShape(),
        new ClrTypesShape(),
        new UniqueGuidShape(),
        new CheckConstraintShape(),
        new CheckConstraintNullableShape(),
        new CheckLengthShape(),
        new CheckNullTestShape(),
        new StringLengthShape(),
        new ColumnTypeShape(),
        new ConverterShape(),
        new ForeignKeyCycleShape(),
        new EmailKeyShape(),
        new EntitySplittingShape(),
        new JsonbShape(),
        new BigintIdShape(),
        new ViewShape(),
        new ReadViewShape(),
        new TagShape(),
        new TriggerShape(),
        new JsonValuesShape(),
        new LocalTimeShape(),
        new PgTypesShape(),
        new TierShape(),
        new JsonPhonesShape(),
        new PhoneShape(),
        new XidShape(),
        new JsonConvAShape(),
        new JsonConvBShape(),
        new JsonConvCShape(),
        new B5GenderShape(), new B5HealthShape(), new B5TierShape(), new B5IdentityShape(), new B5JsonTextShape(), new B5LengthShape(), new B5ShortCipherShape(), new B5JsonTimesShape(), new B5JsonNullablesShape(), new B5JsonListsShape(), new B5JsonListShape(),
        new B6ThreadShape(), new B6BareThreadShape(), new B6AnsweredThreadShape(), new B6TpcOwnedShape(), new B6DeepTpcOwnedShape(), new B6TptOwnedShape(), new B6TptSweptShape(), new B6ShadowKeyShape(),
        new B6TzShape(), new B6Tz3Shape(), new B6TsShape(), new B6DmyShape(), new B6BinaryShape(), new B6IsoTextShape(), new B6OwnIsoTextShape(), new B6TicksShape(), new B6UtcKindShape(), new B6ComplexAnchorShape(), new B6NestedAnchorShape(), new B6OwnedAnchorShape(), new B6JsonAnchorShape(), new B6NoAnchorShape(), new B6HeldComplexAnchorShape(), new B6MemberShape(),
        new B7UniqueShortShape(), new B7UniqueByteShape(), new B7UniqueNumeric4Shape(), new B7UniqueCode4Shape(), new B7UniqueIntShape(), new B7TicketShape(), new B7SmallTicketShape(),
        new B7RestrictNoteShape(), new B7NoActionNoteShape(), new B7CascadeNoteShape(),
        new B7TphOwnsOneShape(), new B7TptOwnsManyShape(), new B7TpcOwnsManyShape(), new B7TptComplexShape(), new B7TpcComplexShape(),
        new B7DayUnpaddedShape(), new B7TwelveHourShape(), new B7MinuteUnpaddedShape(), new B7MinutesShape(), new B7UnixSecondsShape(),
        new B7PartyTphShape(), new B7PartyTptShape(), new B7PartyTpcShape(), new B7TpcLeafCheckShape(), new B7TpcBaseCheckShape(), new B7TpcOneLeafCheckShape(),
        new B7SiblingRedactShape(), new B7SiblingDefaultShape(), new B7SplitUniqueShape(), new B7ComputedRedactShape(), new B7ComputedDefaultShape(), new B7NullsDefaultShape(), new B7NullsNullShape(),
        new B7LowerTptShape(), new B7CycleShapeOne(), new B7CycleNestedShape(), new B7CollatedShape(), new B7ProxyShape(),
    ];
}
