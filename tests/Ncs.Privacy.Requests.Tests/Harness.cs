using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Requests;

namespace Ncs.Privacy.Requests.Tests;

/// <summary>A clock the test moves: the library reads time only through <see cref="TimeProvider"/>.</summary>
public sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Collects log entries, to check what was logged (and that no personal value was).</summary>
public sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => sink.Entries.Enqueue((logLevel, eventId.Id, formatter(state, exception)));
    }
}

/// <summary>
/// An application's verification method for the tests: the requester proves control of the address on file by quoting a
/// code the application sent there. The code is derived from the request, so a code for one request fails for another.
/// </summary>
public sealed class EmailCodeVerifier : IRequestVerifier
{
    public const string MethodName = "email-code";

    public string Method => MethodName;

    public static string CodeFor(Guid requestId) => "CODE-" + requestId.ToString("N")[..6].ToUpperInvariant();

    public ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken)
        => ValueTask.FromResult(context.Evidence == CodeFor(context.RequestId)
            ? RequestVerificationResult.Success
            : RequestVerificationResult.Failure("The code does not match the one sent to the address on file."));
}

/// <summary>One database of one engine, seeded, with the application's services over it.</summary>
public sealed class Harness : IAsyncDisposable
{
    public const string AuditKey = "request-tests-audit-key-0123456789abcdef";

    /// <summary>Mid-month, on a Monday in March 2026 (UTC).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 16, 9, 0, 0, TimeSpan.Zero);

    private Harness(TestDatabase database, ServiceProvider services, ManualTime time, LogSink logs)
    {
        Database = database;
        Services = services;
        Time = time;
        Logs = logs;
    }

    public TestDatabase Database { get; }

    public ServiceProvider Services { get; }

    public ManualTime Time { get; }

    public LogSink Logs { get; }

    public IDataSubjectRequestService Requests => Services.GetRequiredService<IDataSubjectRequestService>();

    public IRestrictionRegistry Restrictions => Services.GetRequiredService<IRestrictionRegistry>();

    public static DataSubjectReference Alice => new(RequestPolicy.Subjects.Customer, RequestContext.Alice);

    public static DataSubjectReference Bob => new(RequestPolicy.Subjects.Customer, RequestContext.Bob);

    public static async Task<Harness> CreateAsync(DatabaseProvider provider)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var time = new ManualTime(Start);
        var logs = new LogSink();
        var services = new ServiceCollection();
        Register(services, database, time, logs);
        var provider1 = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using (var scope = provider1.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<RequestContext>();
            await context.Database.EnsureCreatedAsync();
            await RequestContext.SeedAsync(context, Start.UtcDateTime);
        }

        return new Harness(database, provider1, time, logs);
    }

    /// <summary>The application's registration, shared with the web host of the endpoint tests.</summary>
    public static IPrivacyBuilder Register(IServiceCollection services, TestDatabase database, TimeProvider time, LogSink logs)
    {
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton(time);
        services.AddDbContext<RequestContext>(o => database.Configure(o));
        return services.AddPrivacy(p => p.UsePolicy(typeof(RequestPolicy)))
            .Configure(o =>
            {
                // Only this model: the shared test assembly holds other suites' models with other policies.
                o.ModelAssemblies.Remove(typeof(RequestPolicy).Assembly);
                foreach (var type in RequestContext.ModelTypes)
                {
                    o.ModelTypes.Add(type);
                }
            })
            .AddEntityFrameworkCore<RequestContext>()
            .AddObjections<RequestContext>()
            .AddErasure(o => o.AuditKey = AuditKey)
            .AddPrivacyRequests<RequestContext>(o =>
            {
                o.TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
                o.SupervisoryAuthority = "Integritetsskyddsmyndigheten (IMY), www.imy.se";
            })
            .AddRequestVerifier<EmailCodeVerifier>();
    }

    public RequestContext Context() => Services.CreateScope().ServiceProvider.GetRequiredService<RequestContext>();

    /// <summary>Receives a request by e-mail and verifies it with the e-mail code.</summary>
    public async Task<DataSubjectRequestInfo> VerifiedAsync(DataSubjectRight right, DataSubjectReference subject, string? purpose = null)
    {
        var received = await Requests.ReceiveAsync(new DataSubjectRequestSubmission(right, RequestChannel.Email) { Purpose = purpose, Reference = "MAIL-1" });
        return await Requests.VerifyAsync(received.Id, subject, EmailCodeVerifier.MethodName, EmailCodeVerifier.CodeFor(received.Id));
    }

    /// <summary>Every row of the request log, the restrictions, the objections and the audit trail, as text.</summary>
    public async Task<string> LogTextAsync()
    {
        await using var context = Context();
        var parts = new List<object>
        {
            await context.Set<PrivacyRequest>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyRequestEvent>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyRestriction>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyObjection>().AsNoTracking().ToListAsync(),
            await context.Set<PrivacyAuditRecord>().AsNoTracking().ToListAsync(),
        };
        return System.Text.Json.JsonSerializer.Serialize(parts);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Database.DisposeAsync();
    }
}
