using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>Maps the export archive (JSON for machines, HTML for people, CSV for spreadsheets) for a data subject.</summary>
public static class PrivacyExportArchiveEndpoints
{
    /// <summary>
    /// Maps <c>GET subjects/{category}/{id}/export/archive</c> and <c>GET me/export/archive</c> (Art. 15 and 20): a ZIP of
    /// <c>export.json</c>, <c>export.html</c> and one CSV per kind of record, in the request culture (use
    /// <c>UseRequestLocalization</c>). Authorised like the JSON export: 401 without a signed-in user, 403 for another
    /// person's subject, 404 for an unknown subject, 400 for a malformed identifier. <see cref="PrivacyEndpointRouteBuilderExtensions.MapPrivacyEndpoints"/>
    /// maps these too.
    /// </summary>
    /// <param name="endpoints">The route group or application.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapPrivacyExportArchive(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/subjects/{category}/{id}/export/archive", (HttpContext http, string category, string id, CancellationToken ct) =>
            ArchiveAsync(http, new DataSubjectReference(category, id), ct));
        endpoints.MapGet("/me/export/archive", async (HttpContext http, CancellationToken ct) =>
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
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "No data subject is linked to this user");
            }

            return await ArchiveAsync(http, new DataSubjectReference(category, id), ct).ConfigureAwait(false);
        });
        return endpoints;
    }

    private static async Task<IResult> ArchiveAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct)
    {
        var authorizer = http.RequestServices.GetRequiredService<IPrivacyRequestAuthorizer>();
        if (!await authorizer.IsAllowedAsync(http.User, subject, PrivacyOperation.Export, ct).ConfigureAwait(false))
        {
            return http.User.Identity?.IsAuthenticated == true
                ? Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: "This user may not export the data of this data subject.")
                : Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first");
        }

        // Written to a temporary file first, so that a failure half-way becomes an error status, never a broken 200.
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await http.RequestServices.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(subject, file, ct).ConfigureAwait(false);
            file.Position = 0;
            return Results.Stream(file, "application/zip", $"personal-data-{subject.Category}.zip");
        }
        catch (DataSubjectNotFoundException)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown data subject",
                detail: $"No '{subject.Category}' data subject with this identifier exists; nothing was read or written.");
        }
        catch (ArgumentException e)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: e.Message);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
