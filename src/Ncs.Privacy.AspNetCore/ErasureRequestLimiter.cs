using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>
/// ASP.NET Core's rate limiter (System.Threading.RateLimiting), partitioned by data subject: at most
/// <see cref="PrivacyEndpointOptions.ErasureRequestsPerHour"/> erasure requests per subject per hour reach the
/// executor and so the audit trail (refusals and erasures; a 412 for a stale plan records nothing and is not counted), whoever sends them. Self-contained, so it works without <c>UseRateLimiter()</c>.
/// </summary>
internal sealed class ErasureRequestLimiter(IOptions<PrivacyEndpointOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(subject =>
        RateLimitPartition.GetFixedWindowLimiter(subject, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.ErasureRequestsPerHour,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public ValueTask<RateLimitLease> AcquireAsync(DataSubjectReference subject, CancellationToken cancellationToken)
        => _limiter.AcquireAsync(subject.Category + "\n" + Convert.ToString(subject.Id, CultureInfo.InvariantCulture), 1, cancellationToken);

    public void Dispose() => _limiter.Dispose();
}
