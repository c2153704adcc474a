using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>The default hook: operators reach everything, a user reaches only their own subject.</summary>
internal sealed class ClaimsPrivacyRequestAuthorizer(IOptions<PrivacyEndpointOptions> options, PrivacyPolicy policy) : IPrivacyRequestAuthorizer
{
    public ValueTask<bool> IsAllowedAsync(ClaimsPrincipal user, DataSubjectReference? subject, PrivacyOperation operation, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult(operation == PrivacyOperation.ReadRegister && settings.RegisterIsPublic);
        }

        if (user.IsInRole(settings.OperatorRole))
        {
            return ValueTask.FromResult(true);
        }

        if (subject is null)
        {
            return ValueTask.FromResult(operation == PrivacyOperation.ReadRegister && settings.RegisterIsPublic);
        }

        var own = user.FindFirst(settings.SubjectIdClaimType)?.Value;
        var category = SelfServiceCategory(settings, policy);
        var id = Convert.ToString(subject.Id, CultureInfo.InvariantCulture);
        return ValueTask.FromResult(own is not null && category is not null && subject.Category == category && string.Equals(own, id, StringComparison.Ordinal));
    }

    internal static string? SelfServiceCategory(PrivacyEndpointOptions settings, PrivacyPolicy policy) =>
        settings.SelfServiceCategory ?? (policy.SubjectCategories.Count == 1 ? policy.SubjectCategories.Keys.First() : null);
}
