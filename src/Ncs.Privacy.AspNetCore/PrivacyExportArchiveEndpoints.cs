using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
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
        endpoints.MapGet("/me/export/archive", (HttpContext http, CancellationToken ct) =>
            PrivacyEndpointRouteBuilderExtensions.WithOwnSubject(http, s => ArchiveAsync(http, s, ct)));
        return endpoints;
    }

    /// <summary>
    /// The archive behind the same subject resolution as every other subject endpoint
    /// (<see cref="PrivacyEndpointRouteBuilderExtensions"/>): canonical identifier, input named by its length, 400/401/403/404 alike.
    /// </summary>
    private static Task<IResult> ArchiveAsync(HttpContext http, DataSubjectReference subject, CancellationToken ct) =>
        PrivacyEndpointRouteBuilderExtensions.RunAsync(http, subject, PrivacyOperation.Export, async subject =>
        {
            // Written to a temporary file first, so that a failure half-way becomes an error status, never a broken 200.
            var path = Path.GetTempFileName();
            var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            try
            {
                await http.RequestServices.GetRequiredService<IDataSubjectExportArchive>().WriteAsync(subject, file, ct).ConfigureAwait(false);
                file.Position = 0;
                return Results.Stream(file, "application/zip", $"personal-data-{subject.Category}.zip");
            }
            catch
            {
                await file.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        });
}
