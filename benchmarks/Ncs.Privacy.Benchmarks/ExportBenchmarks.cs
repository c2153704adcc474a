using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.Benchmarks.Data;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;

namespace Ncs.Privacy.Benchmarks;

/// <summary>
/// Issue 7, benchmark 1: the export of one subject with 10, 1,000 and 100,000 related rows (orders, their lines, the
/// lines' events: three levels below the customer) among 100,000 other subjects with 10 rows each, on SQLite and
/// PostgreSQL. Baseline: <see cref="HandWrittenExport"/>, AsNoTracking queries written with Utf8JsonWriter that write the
/// same document byte for byte (checked in the setup), so both do exactly the same job.
/// </summary>
[MemoryDiagnoser]
[FullRunJob(warmupCount: 2, iterationCount: 10)]
public class ExportBenchmarks
{
    private static readonly DateTimeOffset GeneratedAt = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private ServiceProvider? _services;
    private IDataSubjectExporter? _exporter;
    private DbContextOptions<ShopContext>? _plain;
    private int _subject;

    [ParamsAllValues]
    public DatabaseProvider Provider { get; set; }

    [ParamsSource(nameof(Sizes))]
    public int Rows { get; set; }

    public static IEnumerable<int> Sizes => BenchSettings.ExportSizes;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _services?.Dispose();

    [Benchmark(Description = "Ncs.Privacy: IDataSubjectExporter")]
    public async Task<long> Library()
    {
        var sink = new CountingStream();
        await _exporter!.ExportAsync(new DataSubjectReference(BenchmarkPolicy.Customer, _subject), sink);
        return sink.Bytes;
    }

    [Benchmark(Baseline = true, Description = "Hand-written AsNoTracking + Utf8JsonWriter")]
    public async Task<long> HandWritten()
    {
        var sink = new CountingStream();
        await HandWrittenExport.WriteAsync(_plain!, _subject, GeneratedAt, sink);
        return sink.Bytes;
    }

    /// <summary>Same job: both write the same document, byte for byte.</summary>
    private async Task CheckSameDocumentAsync()
    {
        using var library = new MemoryStream();
        var summary = await _exporter!.ExportAsync(new DataSubjectReference(BenchmarkPolicy.Customer, _subject), library);
        using var handWritten = new MemoryStream();
        await HandWrittenExport.WriteAsync(_plain!, _subject, GeneratedAt, handWritten);
        if (summary.Rows != Rows + 1)
        {
            throw new InvalidOperationException($"The library exported {summary.Rows} rows; expected the customer and {Rows} related rows.");
        }

        if (!library.ToArray().AsSpan().SequenceEqual(handWritten.ToArray()))
        {
            var folder = Path.Combine(Path.GetTempPath(), "ncs-privacy-bench");
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, "export-library.json"), library.ToArray());
            File.WriteAllBytes(Path.Combine(folder, "export-handwritten.json"), handWritten.ToArray());
            throw new InvalidOperationException($"The hand-written export differs from the library's ({library.Length} vs {handWritten.Length} bytes); both are in {folder}.");
        }
    }

    private async Task SetupAsync()
    {
        var database = await ShopServices.ExportDatabaseAsync(Provider);
        _services = ShopServices.Build(database, new FixedTime(GeneratedAt));
        _exporter = _services.GetRequiredService<IDataSubjectExporter>();
        _plain = database.PlainOptions();
        _subject = BenchSettings.ExportSizes.ToList().IndexOf(Rows) + 1;

        await CheckSameDocumentAsync();

        // Flat memory: the live heap while the export is written, sampled (not timed): printed into the run's log.
        var heap = new HeapSamplingStream();
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        await _exporter.ExportAsync(new DataSubjectReference(BenchmarkPolicy.Customer, _subject), heap);
        Console.WriteLine($"// Export heap ({Provider}, {Rows} rows): {heap.Bytes / 1024} KiB written, live heap peaked {Math.Max(0, heap.PeakHeap - before) / 1024} KiB above the {before / 1024} KiB before the export");
    }
}

/// <summary>
/// What an application would write by hand for the same export: AsNoTracking queries per entity type (one join per level),
/// streamed through Utf8JsonWriter with the Art. 15 header once and each entity's field uses described once
/// (format ncs-privacy-export/2, compact), the texts spelled out as English literals. It writes the same document as
/// the library, so that the comparison is of the same job.
/// </summary>
public static class HandWrittenExport
{
    private const int FlushThreshold = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(DbContextOptions<ShopContext> options, int customerId, DateTimeOffset generatedAt, Stream destination, CancellationToken cancellationToken = default)
    {
        await using var context = new ShopContext(options);
        var customer = await context.Customers.AsNoTracking()
            .Where(c => c.Id == customerId)
            .Select(c => new { c.Id, c.Name, c.Email })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("No such customer.");

        await using var writer = new Utf8JsonWriter(destination, WriterOptions);
        WriteHeader(writer, customerId, generatedAt);
        writer.WriteStartArray("data");

        StartBlock(writer, "ShopCustomer", "Shop customer", "Your account", "(the subject's own row)");
        Fields(writer, ("Email", "Email", Uses.ServiceAndMarketing), ("Name", "Name", Uses.ServiceContact));
        StartRow(writer, customer.Id);
        writer.WriteString("Email", customer.Email);
        writer.WriteString("Name", customer.Name);
        EndRow(writer);
        EndBlock(writer);

        StartBlock(writer, "ShopOrder", "Shop order", "Orders", "ShopOrder.Customer");
        Fields(writer, ("BillingName", "Billing name", Uses.Bookkeeping), ("DeliveryNote", "Delivery note", Uses.Service));
        await foreach (var order in context.Orders.AsNoTracking()
                           .Where(o => o.CustomerId == customerId)
                           .OrderBy(o => o.Id)
                           .Select(o => new { o.Id, o.BillingName, o.DeliveryNote })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            StartRow(writer, order.Id);
            writer.WriteString("BillingName", order.BillingName);
            writer.WriteString("DeliveryNote", order.DeliveryNote);
            EndRow(writer);
            await FlushAsync(writer, cancellationToken);
        }

        EndBlock(writer);

        StartBlock(writer, "ShopOrderLine", "Shop order line", "Orders", "ShopOrderLine.Order → ShopOrder.Customer");
        Fields(writer, ("GiftMessage", "Gift message", Uses.Service));
        await foreach (var line in context.Lines.AsNoTracking()
                           .Where(l => l.Order.CustomerId == customerId)
                           .OrderBy(l => l.Id)
                           .Select(l => new { l.Id, l.GiftMessage })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            StartRow(writer, line.Id);
            writer.WriteString("GiftMessage", line.GiftMessage);
            EndRow(writer);
            await FlushAsync(writer, cancellationToken);
        }

        EndBlock(writer);

        StartBlock(writer, "ShopLineEvent", "Shop line event", "Orders", "ShopLineEvent.Line → ShopOrderLine.Order → ShopOrder.Customer");
        Fields(writer, ("SignedBy", "Signed by", Uses.ServiceTwoYears));
        await foreach (var e in context.Events.AsNoTracking()
                           .Where(e => e.Line.Order.CustomerId == customerId)
                           .OrderBy(e => e.Id)
                           .Select(e => new { e.Id, e.SignedBy })
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            StartRow(writer, e.Id);
            writer.WriteString("SignedBy", e.SignedBy);
            EndRow(writer);
            await FlushAsync(writer, cancellationToken);
        }

        EndBlock(writer);
        writer.WriteEndArray();
        writer.WriteStartArray("sections");
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static ValueTask FlushAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
        => writer.BytesPending > FlushThreshold ? new ValueTask(writer.FlushAsync(cancellationToken)) : ValueTask.CompletedTask;

    private const string Bokforingslagen = "Bokföringslagen (1999:1078) 7 kap. 2 §";
    private const string Account = "while the account exists";
    private const string TwoYears = "2 years from the record's date";
    private const string Accounting = "7 years from the end of the calendar year in which the financial year ended (legal obligation: " + Bokforingslagen + ")";

    private enum Uses
    {
        Service,
        ServiceContact,
        ServiceAndMarketing,
        ServiceTwoYears,
        Bookkeeping,
    }

    private static void StartBlock(Utf8JsonWriter writer, string entity, string name, string group, string path)
    {
        writer.WriteStartObject();
        writer.WriteString("context", "ShopContext");
        writer.WriteString("entity", entity);
        writer.WriteString("name", name);
        writer.WriteString("group", group);
        writer.WriteNull("about");
        writer.WriteBoolean("shared", false);
        writer.WriteStartArray("paths");
        writer.WriteStringValue(path);
        writer.WriteEndArray();
    }

    /// <summary>Each field's uses, once per entity; rows then hold only the values.</summary>
    private static void Fields(Utf8JsonWriter writer, params (string Field, string Name, Uses Uses)[] fields)
    {
        writer.WriteStartObject("fields");
        foreach (var (field, name, uses) in fields)
        {
            writer.WriteStartObject(field);
            writer.WriteString("name", name);
            writer.WriteStartArray("uses");
            switch (uses)
            {
                case Uses.Service:
                    Use(writer, "service", "account", null);
                    break;
                case Uses.ServiceContact:
                    Use(writer, "service", "account", "contact");
                    break;
                case Uses.ServiceAndMarketing:
                    Use(writer, "marketing", "account", "contact");
                    Use(writer, "service", "account", "contact");
                    break;
                case Uses.ServiceTwoYears:
                    Use(writer, "service", "two-years", null);
                    break;
                case Uses.Bookkeeping:
                    Use(writer, "bookkeeping", "accounting", null);
                    break;
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("rows");
    }

    private static void Use(Utf8JsonWriter writer, string purpose, string retention, string? category)
    {
        writer.WriteStartObject();
        writer.WriteString("purpose", purpose);
        writer.WriteString("retention", retention);
        if (category is not null)
        {
            writer.WriteString("category", category);
        }

        writer.WriteEndObject();
    }

    private static void EndBlock(Utf8JsonWriter writer)
    {
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void StartRow(Utf8JsonWriter writer, int id)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("key");
        writer.WriteNumber("Id", id);
        writer.WriteEndObject();
        writer.WriteStartObject("values");
    }

    private static void EndRow(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, int customerId, DateTimeOffset generatedAt)
    {
        writer.WriteStartObject();
        writer.WriteString("format", "ncs-privacy-export/2");
        writer.WriteString("language", "en");
        writer.WriteString("generatedAt", generatedAt);
        writer.WriteString("policy", "Benchmark policy");
        writer.WriteNull("policyVersion");
        writer.WriteStartObject("subject");
        writer.WriteString("category", "customer");
        writer.WriteString("description", "Customers");
        writer.WriteString("id", customerId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteStartObject("controller");
        writer.WriteString("name", "Benchmark AB");
        writer.WriteString("email", "privacy@bench.test");
        writer.WriteNull("address");
        writer.WriteNull("phone");
        writer.WriteNull("registrationNumber");
        writer.WriteNull("representative");
        writer.WriteNull("dataProtectionOfficer");
        writer.WriteNull("supervisoryAuthority");
        writer.WriteEndObject();

        writer.WriteStartArray("purposes");
        Purpose(writer, "bookkeeping", "Keep accounting records", "LegalObligation", "Art. 6(1)(c)", "legal obligation", null, "Bokföringslagen (1999:1078)", directMarketing: false);
        Purpose(writer, "marketing", "Market products", "LegitimateInterests", "Art. 6(1)(f)", "legitimate interests", "Selling", null, directMarketing: true);
        Purpose(writer, "service", "Serve customers", "Contract", "Art. 6(1)(b)", "contract", null, null, directMarketing: false);
        writer.WriteEndArray();

        writer.WriteStartArray("dataCategories");
        writer.WriteStartObject();
        writer.WriteString("id", "contact");
        writer.WriteString("description", "Contact details");
        writer.WriteBoolean("specialCategory", false);
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartArray("recipients");
        writer.WriteEndArray();

        writer.WriteStartArray("retention");
        Retention(writer, "account", "While the account exists", null, Account, endsWithAccount: true, null);
        Retention(writer, "accounting", "Accounting records", "P7Y", Accounting, endsWithAccount: false, Bokforingslagen);
        Retention(writer, "two-years", "Two years", "P2Y", TwoYears, endsWithAccount: false, null);
        writer.WriteEndArray();

        writer.WriteStartArray("rights");
        Right(writer, "access", "Access", "Art. 15", "You may obtain confirmation of whether we process data about you, and a copy of it (this document). Write to privacy@bench.test.");
        Right(writer, "rectification", "Rectification", "Art. 16", "You may have inaccurate data about you corrected and incomplete data completed.");
        Right(writer, "erasure", "Erasure", "Art. 17", "You may have data about you erased when it is no longer needed, when you withdraw consent or object, or when it was processed unlawfully. Data we must keep by law is kept until the obligation ends: Accounting records (" + Accounting + ").");
        Right(writer, "restriction", "Restriction", "Art. 18", "You may have the processing of data about you restricted while its accuracy or lawfulness is examined.");
        Right(writer, "portability", "Data portability", "Art. 20", "You may receive data you provided in a structured, commonly used, machine-readable format (the JSON file of this export) and have it transmitted to another controller.", ["service"]);
        Right(writer, "objection", "Objection", "Art. 21", "You may at any time object to processing based on legitimate interests or a public task; to direct marketing you may object at any time, and it then stops. Send your objection by e-mail to privacy@bench.test.", ["marketing"]);
        Right(writer, "withdrawConsent", "Withdrawing consent", "Art. 7(3)", "Where processing is based on your consent, you may withdraw it at any time, without affecting processing before the withdrawal.", []);
        Right(writer, "complaint", "Complaint", "Art. 77", "You may lodge a complaint with a supervisory authority, in particular in the Member State where you live or work or where the infringement took place.");
        writer.WriteEndArray();
    }

    private static void Purpose(Utf8JsonWriter writer, string id, string description, string legalBasis, string article, string basis, string? legitimateInterest, string? law, bool directMarketing)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        // The policy declares no Name: the library names the purpose from its id for people ("Bookkeeping").
        writer.WriteString("name", char.ToUpperInvariant(id[0]) + id[1..]);
        writer.WriteString("description", description);
        writer.WriteString("legalBasis", legalBasis);
        writer.WriteString("article", article);
        writer.WriteString("basis", basis);
        writer.WriteNull("specialCategoryCondition");
        writer.WriteString("legitimateInterest", legitimateInterest);
        writer.WriteString("law", law);
        writer.WriteBoolean("directMarketing", directMarketing);
        writer.WriteBoolean("mayObject", directMarketing || legitimateInterest is not null);
        writer.WriteStartArray("recipients");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Retention(Utf8JsonWriter writer, string id, string description, string? period, string timeLimit, bool endsWithAccount, string? legalObligation)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("description", description);
        writer.WriteString("period", period);
        writer.WriteString("timeLimit", timeLimit);
        writer.WriteBoolean("endsWithAccount", endsWithAccount);
        writer.WriteString("legalObligation", legalObligation);
        writer.WriteEndObject();
    }

    private static void Right(Utf8JsonWriter writer, string right, string title, string article, string description, string[]? purposes = null)
    {
        writer.WriteStartObject();
        writer.WriteString("right", right);
        writer.WriteString("title", title);
        writer.WriteString("article", article);
        writer.WriteString("description", description);
        if (purposes is null)
        {
            writer.WriteNull("purposes");
        }
        else
        {
            writer.WriteStartArray("purposes");
            foreach (var purpose in purposes)
            {
                writer.WriteStringValue(purpose);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
