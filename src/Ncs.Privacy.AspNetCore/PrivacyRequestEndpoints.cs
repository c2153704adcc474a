using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>Maps the data-subject request endpoints (Art. 12): self-service under <c>me/requests</c>, the operator API under <c>requests</c>.</summary>
public static partial class PrivacyRequestEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Maps, under <paramref name="prefix"/>:
    /// <list type="bullet">
    /// <item>Signed-in subject, own requests only: <c>POST me/requests</c> <c>{ "right": "access", "purpose": null }</c> (received and
    /// verified by the <c>signed-in</c> method), <c>GET me/requests</c>, <c>GET me/requests/{id}</c>, <c>POST me/requests/{id}/withdraw</c>,
    /// <c>POST me/requests/{id}/export</c> (runs a verified access or portability request).</item>
    /// <item>Operator (<see cref="PrivacyEndpointOptions.OperatorRole"/>): <c>GET requests?state=received,verified&amp;dueBefore=2026-04-30&amp;right=erasure</c>,
    /// <c>GET requests/{id}</c> (with its history), <c>POST requests</c> (record an e-mailed or posted request),
    /// <c>POST requests/{id}/verify|extend|complete|refuse|withdraw|notified</c>, and the actions a request runs:
    /// <c>POST requests/{id}/export|objection|restriction|rectification</c>, <c>GET requests/{id}/erasure-plan</c> (with ETag) and
    /// <c>POST requests/{id}/erasure</c> with <c>If-Match</c>.</item>
    /// </list>
    /// 401 without a signed-in user, 403 for a non-operator on the operator API, 404 for a request that does not exist or is
    /// not the caller's own, 409 for a request in the wrong state, 422 when verification fails, 400 for bad input. Errors are
    /// RFC 9457 problem details. Register the services with <see cref="AddRequestEndpoints"/>.
    /// </summary>
    /// <param name="endpoints">The application.</param>
    /// <param name="prefix">The route prefix.</param>
    /// <returns>The route group.</returns>
    public static RouteGroupBuilder MapPrivacyRequestEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/privacy")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // The same protection as the subject endpoints: requests and their answers are personal, and a cookie-authenticated
        // POST is refused without the antiforgery token (GET antiforgery of MapPrivacyEndpoints).
        var group = endpoints.MapGroup(prefix).WithTags("Privacy requests").WithPrivacyResponseHeaders().WithCrossSiteRequestProtection();

        group.MapPost("/me/requests", (HttpContext http, CancellationToken ct) => AsSubject(http, (service, subject) => SubmitOwnAsync(http, service, subject, ct)));
        group.MapGet("/me/requests", (HttpContext http, CancellationToken ct) => AsSubject(http, async (service, subject) =>
            Results.Json(await service.ListAsync(new DataSubjectRequestFilter { Subject = subject }, ct).ConfigureAwait(false), Json)));
        group.MapGet("/me/requests/{id:guid}", (HttpContext http, Guid id, CancellationToken ct) => AsSubject(http, async (service, subject) =>
            Results.Json(await OwnAsync(service, id, subject, ct).ConfigureAwait(false), Json)));
        group.MapPost("/me/requests/{id:guid}/withdraw", (HttpContext http, Guid id, CancellationToken ct) => AsSubject(http, async (service, subject) =>
        {
            await OwnAsync(service, id, subject, ct).ConfigureAwait(false);
            return Results.Json(await service.WithdrawAsync(id, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/me/requests/{id:guid}/export", (HttpContext http, Guid id, CancellationToken ct) => AsSubject(http, async (service, subject) =>
        {
            await OwnAsync(service, id, subject, ct).ConfigureAwait(false);
            return await ExportAsync(service, id, subject, ct).ConfigureAwait(false);
        }));

        group.MapGet("/requests", (HttpContext http, string? state, DateOnly? dueBefore, string? right, CancellationToken ct) => AsOperator(http, async service =>
            Results.Json(await service.ListAsync(Filter(state, dueBefore, right), ct).ConfigureAwait(false), Json)));
        group.MapGet("/requests/{id:guid}", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var request = await service.FindAsync(id, ct).ConfigureAwait(false) ?? throw new KeyNotFoundException();
            return Results.Json(new { request, history = await service.HistoryAsync(id, ct).ConfigureAwait(false) }, Json);
        }));
        group.MapPost("/requests", (HttpContext http, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<RecordRequestBody>(http, ct).ConfigureAwait(false);
            var info = await service.ReceiveAsync(
                new DataSubjectRequestSubmission(body.Right, body.Channel)
                {
                    ReceivedAtUtc = Instant(body.ReceivedAt, "receivedAt")?.UtcDateTime,
                    Purpose = body.Purpose,
                    Reference = body.Reference,
                    Subject = body.SubjectId is null ? null : new DataSubjectReference(Category(http, body.Category), body.SubjectId),
                },
                ct).ConfigureAwait(false);
            return Results.Json(info, Json, statusCode: StatusCodes.Status201Created);
        }));
        group.MapPost("/requests/{id:guid}/verify", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<VerifyBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.VerifyAsync(id, Subject(http, body.Category, body.SubjectId), body.Method ?? OperatorCheckVerifier.MethodName, body.Evidence, http.User, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/extend", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<ExtendBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.ExtendAsync(id, body.Months, body.Reason ?? string.Empty, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/complete", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<TextBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.CompleteAsync(id, body.Text ?? string.Empty, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/refuse", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<TextBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.RefuseAsync(id, body.Text ?? string.Empty, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/withdraw", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
            Results.Json(await service.WithdrawAsync(id, ct).ConfigureAwait(false), Json)));
        group.MapPost("/requests/{id:guid}/notified", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<TextBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.RecordRecipientNotifiedAsync(id, body.Text ?? string.Empty, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/export", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<SubjectBody>(http, ct).ConfigureAwait(false);
            return await ExportAsync(service, id, Subject(http, body.Category, body.SubjectId), ct).ConfigureAwait(false);
        }));
        group.MapPost("/requests/{id:guid}/objection", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<SubjectBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.ObjectAsync(id, Subject(http, body.Category, body.SubjectId), ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/restriction", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<RestrictionBody>(http, ct).ConfigureAwait(false);
            return Results.Json(await service.RestrictAsync(id, Subject(http, body.Category, body.SubjectId), Instant(body.Until, "until")?.UtcDateTime, ct).ConfigureAwait(false), Json);
        }));
        group.MapPost("/requests/{id:guid}/rectification", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var body = await BodyAsync<RectificationBody>(http, ct).ConfigureAwait(false);
            var change = new RectificationChange(body.EntityType ?? string.Empty, body.Property ?? string.Empty, body.Value is { } value ? (object)value : null) { RowKey = body.RowKey is { } key ? (object)key : null };
            return Results.Json(await service.RectifyAsync(id, Subject(http, body.Category, body.SubjectId), change, ct).ConfigureAwait(false), Json);
        }));
        group.MapGet("/requests/{id:guid}/erasure-plan", (HttpContext http, Guid id, string? category, string? subjectId, CancellationToken ct) => AsOperator(http, async service =>
        {
            var plan = await service.PlanErasureAsync(id, Subject(http, category, subjectId), ct).ConfigureAwait(false);
            if (plan.Outcome == ErasureOutcome.SubjectNotFound)
            {
                throw new DataSubjectNotFoundException(new DataSubjectReference(plan.SubjectCategory, plan.SubjectId));
            }

            http.Response.Headers.ETag = ErasurePlanFingerprint.Of(plan);
            return Results.Text(plan.ToJson(), "application/json; charset=utf-8");
        }));
        group.MapPost("/requests/{id:guid}/erasure", (HttpContext http, Guid id, CancellationToken ct) => AsOperator(http, async service =>
        {
            var approved = http.Request.Headers.IfMatch.ToString();
            if (string.IsNullOrEmpty(approved))
            {
                return Results.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Review the plan first",
                    detail: "GET requests/{id}/erasure-plan, review it, and send its ETag in If-Match: only the plan that was reviewed is run.");
            }

            var body = await BodyAsync<SubjectBody>(http, ct).ConfigureAwait(false);
            var plan = await service.PlanErasureAsync(id, Subject(http, body.Category, body.SubjectId), ct).ConfigureAwait(false);
            if (plan.Outcome != ErasureOutcome.Refused && approved != "*" && approved != ErasurePlanFingerprint.Of(plan))
            {
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The data changed since the plan was reviewed",
                    detail: "Nothing was erased. GET the erasure plan again and review the new one.");
            }

            try
            {
                return Results.Json(await service.EraseAsync(id, plan, ct).ConfigureAwait(false), Json);
            }
            catch (ErasurePlanStaleException)
            {
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The data changed while erasing",
                    detail: "Nothing was erased. GET the erasure plan again and review the new one.");
            }
        }));
        return group;
    }

    /// <summary>
    /// Registers what the request endpoints need: the endpoint options (<c>AddEndpoints</c>) and two verifiers, <c>signed-in</c>
    /// (the signed-in user's subject claim is the subject; used by <c>POST me/requests</c>) and <c>operator-check</c> (an operator
    /// attests, with a note of the check made, that the requester is the subject: e.g. the e-mail came from the address on file).
    /// </summary>
    /// <param name="builder">The builder <c>AddPrivacy</c> returned (with <c>AddPrivacyRequests&lt;TContext&gt;()</c>).</param>
    /// <returns>The same builder.</returns>
    public static IPrivacyBuilder AddRequestEndpoints(this IPrivacyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(d => d.ServiceType == typeof(IPrivacyRequestAuthorizer)))
        {
            builder.AddEndpoints();
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IRequestVerifier, SignedInSubjectVerifier>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Scoped<IRequestVerifier, OperatorCheckVerifier>());
        return builder;
    }

    private static async Task<IResult> SubmitOwnAsync(HttpContext http, IDataSubjectRequestService service, DataSubjectReference subject, CancellationToken ct)
    {
        var body = await BodyAsync<SubmitBody>(http, ct).ConfigureAwait(false);
        var received = await service.ReceiveAsync(new DataSubjectRequestSubmission(body.Right, RequestChannel.Http) { Purpose = body.Purpose, Subject = subject }, ct).ConfigureAwait(false);
        var verified = await service.VerifyAsync(received.Id, subject, SignedInSubjectVerifier.MethodName, null, http.User, ct).ConfigureAwait(false);
        return Results.Json(verified, Json, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ExportAsync(IDataSubjectRequestService service, Guid id, DataSubjectReference subject, CancellationToken ct)
    {
        // As the export endpoint does: a temporary file first, so that a failure half-way is an error status, not a truncated 200.
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await service.ExportAsync(id, subject, file, ct).ConfigureAwait(false);
            file.Position = 0;
            return Results.Stream(file, "application/json; charset=utf-8", $"personal-data-{subject.Category}.json");
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The request, if it is the subject's own; otherwise "not found", so that nobody learns another person's request exists.</summary>
    private static async Task<DataSubjectRequestInfo> OwnAsync(IDataSubjectRequestService service, Guid id, DataSubjectReference subject, CancellationToken ct)
    {
        var own = await service.ListAsync(new DataSubjectRequestFilter { Subject = subject }, ct).ConfigureAwait(false);
        return own.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException();
    }

    private static DataSubjectRequestFilter Filter(string? state, DateOnly? dueBefore, string? right)
    {
        static T Parse<T>(string value, string name)
            where T : struct, Enum
            => Enum.TryParse<T>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new ArgumentException($"'{value}' is not a {name} (one of {string.Join(", ", Enum.GetNames<T>().Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)))}).");

        return new DataSubjectRequestFilter
        {
            States = string.IsNullOrWhiteSpace(state) ? null : state.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => Parse<DataSubjectRequestState>(s, "state")).ToArray(),
            DueOnOrBefore = dueBefore,
            Right = string.IsNullOrWhiteSpace(right) ? null : Parse<DataSubjectRight>(right, "right"),
        };
    }

    private static string Category(HttpContext http, string? category) =>
        category ?? ClaimsPrivacyRequestAuthorizer.SelfServiceCategory(Settings(http), http.RequestServices.GetRequiredService<PrivacyPolicy>())
        ?? throw new ArgumentException("Name the subject's category: the policy declares several data-subject categories.");

    private static DataSubjectReference Subject(HttpContext http, string? category, string? subjectId) =>
        string.IsNullOrWhiteSpace(subjectId)
            ? throw new ArgumentException("Name the subject: subjectId is the subject's key (the request log keeps only its keyed hash).")
            : new DataSubjectReference(Category(http, category), subjectId);

    private static PrivacyEndpointOptions Settings(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<PrivacyEndpointOptions>>().Value;

    private static async Task<T> BodyAsync<T>(HttpContext http, CancellationToken ct)
        where T : class
    {
        try
        {
            var body = await http.Request.ReadFromJsonAsync<T>(Json, ct).ConfigureAwait(false) ?? throw new ArgumentException("The request body is empty.");
            var inputs = Inputs(http);
            foreach (var property in typeof(T).GetProperties().Where(p => p.PropertyType == typeof(string)))
            {
                if (property.GetValue(body) is string { Length: > 0 } value)
                {
                    inputs.Add(value);
                }
            }

            return body;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"The request body is not valid JSON for {typeof(T).Name.Replace("Body", string.Empty, StringComparison.Ordinal)}: {e.Message}", e);
        }
    }

    private static Task<IResult> AsSubject(HttpContext http, Func<IDataSubjectRequestService, DataSubjectReference, Task<IResult>> action)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Task.FromResult(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to see your requests"));
        }

        var settings = Settings(http);
        var category = ClaimsPrivacyRequestAuthorizer.SelfServiceCategory(settings, http.RequestServices.GetRequiredService<PrivacyPolicy>());
        var id = http.User.FindFirst(settings.SubjectIdClaimType)?.Value;
        if (category is null || id is null)
        {
            return Task.FromResult(Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No data subject is linked to this user"));
        }

        return RunAsync(http, () => action(http.RequestServices.GetRequiredService<IDataSubjectRequestService>(), new DataSubjectReference(category, id)));
    }

    private static Task<IResult> AsOperator(HttpContext http, Func<IDataSubjectRequestService, Task<IResult>> action)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Task.FromResult(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first"));
        }

        if (!http.User.IsInRole(Settings(http).OperatorRole))
        {
            return Task.FromResult(Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "Only a privacy operator handles other people's requests; see your own under me/requests."));
        }

        return RunAsync(http, () => action(http.RequestServices.GetRequiredService<IDataSubjectRequestService>()));
    }

    /// <summary>
    /// An instant from the body, which must carry its UTC offset (<c>2026-02-28T23:30:00+01:00</c> or <c>...Z</c>). A time
    /// without one would be read in the server's zone, silently moving the day of receipt and so the due date (Art. 12(3)).
    /// </summary>
    /// <exception cref="ArgumentException">The text is not an ISO 8601 time with an offset (a 400 naming <paramref name="field"/>).</exception>
    private static DateTimeOffset? Instant(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || parsed.Kind == DateTimeKind.Unspecified
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            throw new ArgumentException(
                $"{field} must be an ISO 8601 time with its UTC offset, e.g. 2026-02-28T23:30:00+01:00 or 2026-02-28T22:30:00Z; '{text}' has none, and the server will not guess the zone (it decides the day of receipt and the due date).",
                field);
        }

        return instant;
    }

    private static async Task<IResult> RunAsync(HttpContext http, Func<Task<IResult>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such request");
        }
        catch (DataSubjectNotFoundException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown data subject", detail: "No data subject with this identifier exists; nothing was written.");
        }
        catch (DataSubjectRequestStateException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the request's state", detail: WithoutInput(http, e.Message));
        }
        catch (RequestVerificationException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Verification failed", detail: WithoutInput(http, e.Message));
        }
        catch (ArgumentException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: WithoutInput(http, e.Message));
        }
    }

    /// <summary>The strings this request carried (body fields, query, route), which no problem detail may repeat.</summary>
    private static List<string> Inputs(HttpContext http)
    {
        if (http.Items[typeof(PrivacyRequestEndpoints)] is not List<string> inputs)
        {
            inputs = [];
            http.Items[typeof(PrivacyRequestEndpoints)] = inputs;
        }

        return inputs;
    }

    /// <summary>
    /// An exception message fit for a problem detail: every input the request carried, and every quoted value that is not a
    /// name the policy or the API declares, is named by its length; the rest of the message (what is wrong, how to fix it) stays.
    /// </summary>
    private static string WithoutInput(HttpContext http, string message)
    {
        var inputs = Inputs(http)
            .Concat(http.Request.Query.SelectMany(q => q.Value.Select(v => v ?? string.Empty)))
            .Concat(http.Request.RouteValues.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty))
            .Where(v => v.Length >= 4)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(v => v.Length);
        foreach (var input in inputs)
        {
            message = message.Replace(input, Length(input), StringComparison.Ordinal);
        }

        var policy = http.RequestServices.GetRequiredService<PrivacyPolicy>();
        var known = new HashSet<string>(policy.Purposes.Keys.Concat(policy.SubjectCategories.Keys), StringComparer.Ordinal);
        known.UnionWith(Enum.GetNames<DataSubjectRight>().Concat(Enum.GetNames<DataSubjectRequestState>()).Concat(Enum.GetNames<RequestChannel>())
            .SelectMany(n => new[] { n, JsonNamingPolicy.CamelCase.ConvertName(n) }));
        return QuotedValue().Replace(message, m => known.Contains(m.Groups[2].Value) ? m.Value : Length(m.Groups[2].Value));
    }

    private static string Length(string value) => $"({value.Length} character{(value.Length == 1 ? string.Empty : "s")})";

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\p{L}\p{N}])(['""])([^'""\r\n]*)\1(?![\p{L}\p{N}])")]
    private static partial System.Text.RegularExpressions.Regex QuotedValue();

    private sealed record SubmitBody(DataSubjectRight Right, string? Purpose);

    private sealed record RecordRequestBody(DataSubjectRight Right, RequestChannel Channel, string? ReceivedAt, string? Purpose, string? Reference, string? Category, string? SubjectId);

    private sealed record VerifyBody(string? Category, string? SubjectId, string? Method, string? Evidence);

    private sealed record ExtendBody(int Months, string? Reason);

    private sealed record TextBody(string? Text);

    private sealed record SubjectBody(string? Category, string? SubjectId);

    private sealed record RestrictionBody(string? Category, string? SubjectId, string? Until);

    private sealed record RectificationBody(string? Category, string? SubjectId, string? EntityType, string? Property, JsonElement? Value, JsonElement? RowKey);
}

/// <summary>Verification method <c>signed-in</c>: the signed-in user's subject claim is the subject named (self-service).</summary>
internal sealed class SignedInSubjectVerifier(IOptions<PrivacyEndpointOptions> options, PrivacyPolicy policy) : IRequestVerifier
{
    public const string MethodName = "signed-in";

    public string Method => MethodName;

    public ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var user = context.User;
        var own = user?.Identity?.IsAuthenticated == true ? user.FindFirst(settings.SubjectIdClaimType)?.Value : null;
        var category = ClaimsPrivacyRequestAuthorizer.SelfServiceCategory(settings, policy);
        return ValueTask.FromResult(own is not null && category == context.SubjectCategory && string.Equals(own, context.SubjectId, StringComparison.Ordinal)
            ? RequestVerificationResult.Success
            : RequestVerificationResult.Failure("The signed-in user is not this data subject."));
    }
}

/// <summary>
/// Verification method <c>operator-check</c>: a privacy operator attests that they checked the requester's identity (the
/// e-mail came from the address on file, the letter was signed and matched). The evidence is the note of the check; it is
/// given to the verifier, not stored.
/// </summary>
internal sealed class OperatorCheckVerifier(IOptions<PrivacyEndpointOptions> options) : IRequestVerifier
{
    public const string MethodName = "operator-check";

    public string Method => MethodName;

    public ValueTask<RequestVerificationResult> VerifyAsync(RequestVerificationContext context, CancellationToken cancellationToken)
    {
        if (context.User is not ClaimsPrincipal user || user.Identity?.IsAuthenticated != true || !user.IsInRole(options.Value.OperatorRole))
        {
            return ValueTask.FromResult(RequestVerificationResult.Failure("Only a signed-in privacy operator can attest an identity check."));
        }

        return ValueTask.FromResult(string.IsNullOrWhiteSpace(context.Evidence)
            ? RequestVerificationResult.Failure("Say what was checked (e.g. 'reply from the address on file'), without personal values.")
            : RequestVerificationResult.Success);
    }
}
