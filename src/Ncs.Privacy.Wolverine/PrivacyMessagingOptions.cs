namespace Ncs.Privacy.Wolverine;

/// <summary>How a service takes part in data-subject requests across services. See docs/distributed.md.</summary>
public sealed class PrivacyMessagingOptions
{
    private readonly Dictionary<string, HashSet<string>> _services = new(StringComparer.Ordinal);

    /// <summary>This service's name (lower case letters, digits and '-'): its queue is <c>privacy-{name}</c> and its Wolverine tables are in schema <c>privacy_{name}</c>.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>The queue the coordinating service listens to for answers. Every service of one system uses the same.</summary>
    public string CoordinatorQueue { get; set; } = "privacy-requests";

    /// <summary>True on the one service that keeps the request store (<c>AddPrivacyRequests</c>), sends requests and collects answers.</summary>
    public bool IsCoordinator { get; set; }

    /// <summary>
    /// Where the coordinator writes each service's export part and the assembled document (<c>{requestId}.json</c>) of an
    /// access request. They hold personal data: deliver the document to the subject, then delete it.
    /// </summary>
    public string ExportDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "ncs-privacy-exports");

    /// <summary>Wolverine's queue tables' schema, shared by every service of one system in the messaging database.</summary>
    public string TransportSchema { get; set; } = "privacy_queues";

    /// <summary>
    /// How long to wait before trying a failed part again; the last delay repeats until the part succeeds (an erasure is
    /// never dropped: the request's due date, tracked by the request store, shows one that takes too long). The retries
    /// are scheduled in Wolverine's durable store, so they survive a restart. Process-wide: the last configured wins.
    /// </summary>
    public IList<TimeSpan> RetryDelays { get; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)];

    /// <summary>On the coordinator: declares that <paramref name="service"/> holds subjects of <paramref name="categories"/>; requests of those categories fan out to it.</summary>
    /// <param name="service">The service's <see cref="ServiceName"/>.</param>
    /// <param name="categories">Data-subject categories declared by the policy.</param>
    /// <returns>The same options.</returns>
    public PrivacyMessagingOptions AddService(string service, params string[] categories)
    {
        ValidateName(service);
        ArgumentNullException.ThrowIfNull(categories);
        if (categories.Length == 0)
        {
            throw new ArgumentException($"Service '{service}' is declared with no data-subject category: name the categories it holds.", nameof(categories));
        }

        if (!_services.TryGetValue(service, out var set))
        {
            _services[service] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.UnionWith(categories);
        return this;
    }

    /// <summary>The services declared to hold <paramref name="category"/>, by name.</summary>
    /// <param name="category">A data-subject category.</param>
    public IReadOnlyList<string> ServicesHolding(string category)
        => _services.Where(s => s.Value.Contains(category)).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Every declared service and its categories.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Services => _services.ToDictionary(s => s.Key, s => (IReadOnlySet<string>)s.Value, StringComparer.Ordinal);

    /// <summary>The queue a service listens to for requests.</summary>
    /// <param name="service">The service's name.</param>
    public static string QueueOf(string service) => "privacy-" + service;

    internal static void ValidateName(string service)
    {
        if (string.IsNullOrEmpty(service) || service.Length > 40 || !service.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"'{service}' is not a valid service name: use 1 to 40 lower-case letters, digits and '-' (it names a queue and a database schema).", nameof(service));
        }
    }
}
