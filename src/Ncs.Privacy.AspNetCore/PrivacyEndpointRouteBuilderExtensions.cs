using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>Maps the privacy endpoints.</summary>
public static partial class PrivacyEndpointRouteBuilderExtensions
{
    /// <summary>Web defaults with enums as camelCase names, as in the register and the plans.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Maps the register and the data-subject endpoints under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item><c>GET register?format=json|markdown|csv</c></item>
    /// <item><c>GET subjects/{category}/{id}/export</c> and <c>GET me/export</c> (Art. 15/20)</item>
    /// <item><c>GET|POST subjects/{category}/{id}/objections[/{purpose}]</c> and <c>me/objections</c> (Art. 21)</item>
    /// <item><c>GET subjects/{category}/{id}/erasure-plan?format=json|markdown</c> and <c>me/erasure-plan</c>, with the plan's ETag</item>
    /// <item><c>POST subjects/{category}/{id}/erasure</c> and <c>me/erasure</c> with <c>If-Match</c> (Art. 17): 409 with the reasons when refused, 412 when the data changed since review; erasing one's own subject signs the request out (<see cref="IErasedSubjectSignOut"/>)</item>
    /// <item><c>GET antiforgery</c>: the antiforgery token a cookie-authenticated POST sends back</item>
    /// </list>
    /// Every subject endpoint asks <see cref="IPrivacyRequestAuthorizer"/> first: 401 without a signed-in user, 403
    /// for another person's subject (before anything about that subject is looked up), 404 for an unknown subject,
    /// 400 for a malformed identifier or purpose. Errors are RFC 9457 problem details that never repeat the input
    /// (a value is named by its length). Every response carries <c>Cache-Control: no-store</c> and
    /// <c>X-Content-Type-Options: nosniff</c>. A POST authenticated by a cookie scheme (whatever headers it carries) must
    /// carry ASP.NET Core's antiforgery token (from <c>GET antiforgery</c>, in the header it names); erasure POSTs that
    /// reach the audit trail (a refusal or an erasure; not a 412) are limited per subject
    /// (<see cref="PrivacyEndpointOptions.ErasureRequestsPerHour"/>, then 429). The endpoints have
    /// no names, so the method can map them more than once (a cookie group and a bearer group).
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group, to add filters, rate limiting or CORS.</returns>
    public static RouteGroupBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/privacy")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags("Privacy");
        group.WithPrivacyResponseHeaders();

        // No endpoint names: a name must be unique in the application, and these endpoints may be mapped twice.
        group.MapGet("/register", ReadRegisterAsync);
        group.MapGet("/antiforgery", (HttpContext http) =>
        {
            var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            return Results.Json(new { headerName = tokens.HeaderName, requestToken = tokens.RequestToken }, Json);
        });
        group.MapGet("/subjects/{category}/{id}/export", (HttpContext http, string category, string id, CancellationToken ct) =>
            ExportAsync(http, new DataSubjectReference(category, id), ct));
        group.MapGet("/me/export", (HttpContext http, CancellationToken ct) => WithOwnSubject(http, s => ExportAsync(http, s, ct)));
        group.MapPrivacyExportArchive(); // JSON + HTML + CSV archive (PrivacyExportArchiveEndpoints.cs)
        group.MapGet("/subjects/{category}/{id}/objections", (HttpContext http, string category, string id, CancellationToken ct) =>
            ListObjectionsAsync(http, new DataSubjectReference(category, id), ct));
        group.MapGet("/me/objections", (HttpContext http, CancellationToken ct) => WithOwnSubject(http, s => ListObjectionsAsync(http, s, ct)));
        group.MapPost("/subjects/{category}/{id}/objections/{purpose}", (HttpContext http, string category, string id, string purpose, CancellationToken ct) =>
            ObjectAsync(http, new DataSubjectReference(category, id), purpose, ct));
        group.MapPost("/me/objections/{purpose}", (HttpContext http, string purpose, CancellationToken ct) => WithOwnSubject(http, s => ObjectAsync(http, s, purpose, ct)));
        group.MapGet("/subjects/{category}/{id}/erasure-plan", (HttpContext http, string category, string id, string? format, CancellationToken ct) =>
            PlanAsync(http, new DataSubjectReference(category, id), format, ct));
        group.MapGet("/me/erasure-plan", (HttpContext http, string? format, CancellationToken ct) => WithOwnSubject(http, s => PlanAsync(http, s, format, ct)));
        group.MapPost("/subjects/{category}/{id}/erasure", (HttpContext http, string category, string id, CancellationToken ct) =>
            EraseAsync(http, new DataSubjectReference(category, id), ct));
        group.MapPost("/me/erasure", (HttpContext http, CancellationToken ct) => WithOwnSubject(http, s => EraseAsync(http, s, ct)));
        return group;
    }

    private static async Task<IResult> ReadRegisterAsync(HttpContext http, string? format, CancellationToken ct)
    {
        var denied = await AuthorizeAsync(http, null, PrivacyOperation.ReadRegister, ct).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        var (registerFormat, contentType) = (format ?? "json").ToLowerInvariant() switch
        {
            "json" => (RegisterFormat.Json, "application/json; charset=utf-8"),
            "markdown" or "md" => (RegisterFormat.Markdown, "text/markdown; charset=utf-8"),
            "csv" => (RegisterFormat.Csv, "text/csv; charset=utf-8"),
            _ => ((RegisterFormat?)null, string.Empty),
        };
        if (registerFormat is not { } chosen)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown register format", detail: $"The format given ({Length(format)}) is not one of json, markdown, csv.");
        }

        var register = http.RequestServices.GetRequiredService<IProcessingRegister>();
        return Results.Text(register.Render(chosen), contentType);
    }

    private static Task<IResult> ExportAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct) =>
        RunAsync(http, subject, PrivacyOperation.Export, async subject =>
        {
            // The exporter streams; a failure half-way would leave a truncated document. Writing to a buffer first (memory,
            // a temporary file beyond 1 MiB) lets a failure still become an error status instead of a broken 200 response.
            var file = new SpillingBufferStream();
            try
            {
                await http.RequestServices.GetRequiredService<IDataSubjectExporter>().ExportAsync(subject, file, ct).ConfigureAwait(false);
                file.Position = 0;
                return Results.Stream(file, "application/json; charset=utf-8", $"personal-data-{subject.Category}.json");
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });

    private static Task<IResult> ListObjectionsAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct) =>
        RunAsync(http, subject, PrivacyOperation.Object, async subject =>
        {
            var registry = http.RequestServices.GetRequiredService<IObjectionRegistry>();
            return Results.Json(await registry.ListAsync(subject, ct).ConfigureAwait(false), Json);
        });

    private static Task<IResult> ObjectAsync(HttpContext http, DataSubjectReference subject, string purpose, CancellationToken ct) =>
        RunAsync(http, subject, PrivacyOperation.Object, async subject =>
        {
            var policy = http.RequestServices.GetRequiredService<PrivacyPolicy>();
            if (!policy.Purposes.ContainsKey(purpose))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown purpose",
                    detail: $"The purpose given ({Length(purpose)}) is not declared by the policy (declared: {string.Join(", ", policy.Purposes.Keys.Order(StringComparer.Ordinal))}).");
            }

            try
            {
                var entry = await http.RequestServices.GetRequiredService<IObjectionRegistry>().ObjectAsync(subject, purpose, ct).ConfigureAwait(false);
                return Results.Json(entry, Json);
            }
            catch (ArgumentException e)
            {
                // The purpose is declared and the subject canonical by now: the reason (no right to object to this
                // purpose's legal basis, Art. 21) quotes only the policy.
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No right to object to this purpose", detail: e.Message);
            }
        });

    private static Task<IResult> PlanAsync(HttpContext http, DataSubjectReference subject, string? format, CancellationToken ct) =>
        RunAsync(http, subject, PrivacyOperation.PlanErasure, async subject =>
        {
            var markdown = string.Equals(format, "markdown", StringComparison.OrdinalIgnoreCase) || string.Equals(format, "md", StringComparison.OrdinalIgnoreCase);
            if (format is not null && !markdown && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown plan format", detail: $"The format given ({Length(format)}) is not one of json, markdown.");
            }

            var plan = await http.RequestServices.GetRequiredService<IErasurePlanner>().PlanAsync(subject, RequestId(http), ct).ConfigureAwait(false);
            if (plan.Outcome == ErasureOutcome.SubjectNotFound)
            {
                throw new DataSubjectNotFoundException(subject);
            }

            // The ETag is what a reviewer approves: POST .../erasure with If-Match runs only a plan with the same content.
            http.Response.Headers.ETag = ErasurePlanFingerprint.Of(plan);
            return markdown
                // For people: in the request's language (UseRequestLocalization), with the names the register uses.
                ? Results.Text(plan.ToMarkdown(http.RequestServices.GetRequiredService<PrivacyPolicy>(), CultureInfo.CurrentUICulture,
                    http.RequestServices.GetService<IStringLocalizerFactory>()), "text/markdown; charset=utf-8")
                : Results.Text(plan.ToJson(), "application/json; charset=utf-8");
        });

    private static Task<IResult> EraseAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct) =>
        RunAsync(http, subject, PrivacyOperation.Erase, async subject =>
        {
            var approved = http.Request.Headers.IfMatch.ToString();
            if (string.IsNullOrEmpty(approved))
            {
                return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Review the plan first",
                    detail: "GET the erasure plan, review it, and send its ETag in If-Match: only the plan that was reviewed is run.");
            }

            var plan = await http.RequestServices.GetRequiredService<IErasurePlanner>().PlanAsync(subject, RequestId(http), ct).ConfigureAwait(false);
            if (plan.Outcome == ErasureOutcome.SubjectNotFound)
            {
                throw new DataSubjectNotFoundException(subject);
            }

            // A bound on what repeated POSTs can write to the audit trail: only a POST that reaches the executor (a refusal
            // is recorded each time it is answered, an erasure is recorded) takes a permit. A 412 records nothing and takes
            // none, so a user whose data keeps changing between review and confirmation is never locked out.
            if ((plan.Outcome == ErasureOutcome.Refused || approved == "*" || approved == ErasurePlanFingerprint.Of(plan))
                && await TooManyAsync(http, subject, ct).ConfigureAwait(false) is { } tooMany)
            {
                return tooMany;
            }

            if (plan.Outcome == ErasureOutcome.Refused)
            {
                // Handing the refusal to the executor records it in the audit trail (guard, basis, no personal value)
                // before it throws: a refused request is still a request that was answered.
                try
                {
                    await http.RequestServices.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan, ct).ConfigureAwait(false);
                }
                catch (ErasureRefusedException)
                {
                }

                return Refused(plan);
            }

            if (approved != "*" && approved != ErasurePlanFingerprint.Of(plan))
            {
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The data changed since the plan was reviewed",
                    detail: "Nothing was erased. GET the erasure plan again and review the new one.");
            }

            try
            {
                var result = await http.RequestServices.GetRequiredService<IErasureExecutor>().ExecuteAsync(plan, ct).ConfigureAwait(false);
                if (IsOwnSubject(http, subject))
                {
                    // The account this request is signed in with is gone or anonymised: end the session in this response.
                    // The erasure is committed: a failing sign-out must not answer 500 to a completed erasure (the rotated
                    // security stamp already refuses the old session at its next validation).
                    try
                    {
                        await http.RequestServices.GetRequiredService<IErasedSubjectSignOut>().SignOutAsync(http, subject, ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is InvalidOperationException or NotSupportedException)
                    {
                        LogSignOutFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrivacyEndpointRouteBuilderExtensions).FullName!), e);
                    }
                }

                return Results.Json(new { result, recipientsToNotify = plan.Recipients }, Json);
            }
            catch (ErasurePlanStaleException)
            {
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The data changed while erasing",
                    detail: "Nothing was erased. GET the erasure plan again and review the new one.");
            }
            catch (ErasureRefusedException)
            {
                return Refused(plan);
            }
        });

    /// <summary>Takes one permit of the subject's erasure limit; the 429 answer when none is left (nothing recorded or erased).</summary>
    private static async Task<IResult?> TooManyAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct)
    {
        using var lease = await http.RequestServices.GetRequiredService<ErasureRequestLimiter>().AcquireAsync(subject, ct).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return null;
        }

        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many erasure requests for this data subject",
            detail: "Nothing was recorded or erased. Try again later.");
    }

    private static IResult Refused(ErasurePlan plan) =>
        Results.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Erasure refused",
            detail: "The request cannot be carried out now (Art. 12(4)): " + string.Join("; ", plan.Refusals.Select(r => r.Reason)),
            extensions: new Dictionary<string, object?>
            {
                ["refusals"] = plan.Refusals.Select(r => new { r.Reason, r.Basis, r.Until }).ToArray(),
                ["rightToComplain"] = "You may lodge a complaint with a supervisory authority and seek a judicial remedy (Art. 12(4), Art. 77, Art. 79).",
            });

    /// <summary>The request's identifier for the audit trail: the caller's <c>X-Request-Id</c> if it is short and plain, else a new one.</summary>
    private static string RequestId(HttpContext http)
    {
        var given = http.Request.Headers["X-Request-Id"].ToString();
        return given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : "http-" + Guid.NewGuid().ToString("N");
    }

    internal static async Task<IResult> WithOwnSubject(HttpContext http, Func<DataSubjectReference, Task<IResult>> next)
    {
        var settings = http.RequestServices.GetRequiredService<IOptions<PrivacyEndpointOptions>>().Value;
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to reach your personal data");
        }

        var category = ClaimsPrivacyRequestAuthorizer.SelfServiceCategory(settings, http.RequestServices.GetRequiredService<PrivacyPolicy>());
        var id = http.User.FindFirst(settings.SubjectIdClaimType)?.Value;
        if (category is null || id is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No data subject is linked to this user",
                detail: category is null ? "Set PrivacyEndpointOptions.SelfServiceCategory: the policy declares several data-subject categories." : $"The user has no '{settings.SubjectIdClaimType}' claim.");
        }

        return await next(new DataSubjectReference(category, id)).ConfigureAwait(false);
    }

    internal static async Task<IResult> RunAsync(HttpContext http, DataSubjectReference subject, PrivacyOperation operation, Func<DataSubjectReference, Task<IResult>> action)
    {
        var policy = http.RequestServices.GetRequiredService<PrivacyPolicy>();
        var canonical = Canonical(http, policy, subject, out var keyType);
        var denied = await AuthorizeAsync(http, canonical, operation, http.RequestAborted).ConfigureAwait(false);
        if (denied is not null)
        {
            return denied;
        }

        if (HttpMethods.IsPost(http.Request.Method) && !await PrivacyEndpointProtection.IsSameSiteAsync(http).ConfigureAwait(false))
        {
            return PrivacyEndpointProtection.CrossSiteRefused();
        }

        if (!policy.SubjectCategories.ContainsKey(subject.Category ?? string.Empty))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown data-subject category",
                detail: $"The category given ({Length(subject.Category)}) is not declared by the policy (declared: {string.Join(", ", policy.SubjectCategories.Keys.Order(StringComparer.Ordinal))}).");
        }

        if (keyType is not null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed identifier",
                detail: $"The identifier given ({Length(Convert.ToString(subject.Id, CultureInfo.InvariantCulture))}) is not a key of a '{subject.Category}' data subject, which is a {keyType}.");
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PrivacyEndpointRouteBuilderExtensions).FullName!);
        try
        {
            var result = await action(canonical).ConfigureAwait(false);
            LogServed(logger, operation, canonical.Category);
            return result;
        }
        catch (DataSubjectNotFoundException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown data subject",
                detail: $"No '{canonical.Category}' data subject with this identifier exists; nothing was read or written.");
        }
        catch (ArgumentException e)
        {
            // The message may quote the input; the log has it for the developer, the response only says what kind.
            LogInvalid(logger, operation, e);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "The category, identifier or purpose is not valid for this operation. Nothing was read or written.");
        }
    }

    /// <summary>
    /// The subject with its identifier as the model's key type spells it (<c>1</c> for <c>00001</c> or <c>+1</c> when the
    /// key is a number): what is authorized, exported and planned is the canonical subject. Text keys stay as given.
    /// </summary>
    /// <param name="http">The request.</param>
    /// <param name="policy">The policy.</param>
    /// <param name="subject">The subject as the URL names it.</param>
    /// <param name="malformedKeyType">Set to the key's type name when the identifier does not convert to it.</param>
    private static DataSubjectReference Canonical(HttpContext http, PrivacyPolicy policy, DataSubjectReference subject, out string? malformedKeyType)
    {
        malformedKeyType = null;
        if (subject.Category is null || !policy.SubjectCategories.ContainsKey(subject.Category) || subject.Id is not string text)
        {
            return subject;
        }

        foreach (var contextType in http.RequestServices.GetServices<PrivacyDbContextRegistration>().Select(r => r.ContextType).Distinct())
        {
            if (http.RequestServices.GetService(contextType) is not DbContext context || context.GetSubjectGraph().FindRoot(subject.Category) is not { } root)
            {
                continue;
            }

            try
            {
                var id = root.IdText(text);
                return id is null || id == text ? subject : new DataSubjectReference(subject.Category, id);
            }
            catch (ArgumentException)
            {
                malformedKeyType = (Nullable.GetUnderlyingType(root.Key.ClrType) ?? root.Key.ClrType).Name;
                return subject;
            }
        }

        return subject;
    }

    private static bool IsOwnSubject(HttpContext http, DataSubjectReference subject)
    {
        var settings = http.RequestServices.GetRequiredService<IOptions<PrivacyEndpointOptions>>().Value;
        var own = http.User.FindFirst(settings.SubjectIdClaimType)?.Value;
        return own is not null && subject.Category == ClaimsPrivacyRequestAuthorizer.SelfServiceCategory(settings, http.RequestServices.GetRequiredService<PrivacyPolicy>())
            && string.Equals(own, Convert.ToString(subject.Id, CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>Names an input by its length, never by its content.</summary>
    private static string Length(string? value) => value is null ? "none" : $"{value.Length} character{(value.Length == 1 ? string.Empty : "s")}";

    private static async Task<IResult?> AuthorizeAsync(HttpContext http, DataSubjectReference? subject, PrivacyOperation operation, CancellationToken ct)
    {
        var authorizer = http.RequestServices.GetRequiredService<IPrivacyRequestAuthorizer>();
        if (await authorizer.IsAllowedAsync(http.User, subject, operation, ct).ConfigureAwait(false))
        {
            return null;
        }

        return http.User.Identity?.IsAuthenticated == true
            ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: $"This user may not {Describe(operation)} this data subject.")
            : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first");
    }

    private static string Describe(PrivacyOperation operation) => operation switch
    {
        PrivacyOperation.ReadRegister => "read the register of",
        PrivacyOperation.Export => "export the data of",
        PrivacyOperation.PlanErasure => "plan the erasure of",
        PrivacyOperation.Erase => "erase",
        _ => "record objections for",
    };

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Privacy endpoint served {Operation} for a {Category} subject")]
    private static partial void LogServed(ILogger logger, PrivacyOperation operation, string category);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "The erasure of the signed-in user's own subject completed, but signing the request out failed; the session ends at its next validation")]
    private static partial void LogSignOutFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Privacy endpoint refused an invalid {Operation} request")]
    private static partial void LogInvalid(ILogger logger, PrivacyOperation operation, Exception exception);
}

/// <summary>Registers the endpoints' services.</summary>
public static class PrivacyAspNetCoreBuilderExtensions
{
    /// <summary>Adds the endpoint options and the default authorization hook (replace it by registering your own <see cref="IPrivacyRequestAuthorizer"/> first).</summary>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned.</param>
    /// <param name="configure">Endpoint settings.</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddEndpoints(this IPrivacyBuilder builder, Action<PrivacyEndpointOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PrivacyEndpointOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => !string.IsNullOrWhiteSpace(o.OperatorRole) && !string.IsNullOrWhiteSpace(o.SubjectIdClaimType),
            "PrivacyEndpointOptions: OperatorRole and SubjectIdClaimType must be set.").ValidateOnStart();
        options.Validate(o => o.ErasureRequestsPerHour > 0, "PrivacyEndpointOptions: ErasureRequestsPerHour must be at least 1.");
        builder.Services.TryAddSingleton<IPrivacyRequestAuthorizer, ClaimsPrivacyRequestAuthorizer>();
        builder.Services.TryAddScoped<IErasedSubjectSignOut, DefaultErasedSubjectSignOut>();
        builder.Services.TryAddSingleton<ErasureRequestLimiter>();
        builder.Services.AddAntiforgery();
        return builder;
    }
}
