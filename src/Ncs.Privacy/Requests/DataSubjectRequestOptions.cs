namespace Ncs.Privacy;

/// <summary>Settings of data-subject request handling (Art. 12).</summary>
public sealed class DataSubjectRequestOptions
{
    /// <summary>The controller's time zone: the day of receipt and the end of the due day are counted in it. Defaults to UTC.</summary>
    public TimeZoneInfo TimeZone { get; set; } = TimeZoneInfo.Utc;

    /// <summary>How long before its due day's end an open request is reported as near due. Defaults to seven days.</summary>
    public TimeSpan NearDueWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the hosted deadline monitor checks. Defaults to one hour.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long the hosted deadline monitor waits after start-up before its first check. Defaults to one minute.</summary>
    public TimeSpan MonitorInitialDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The supervisory authority named when a request is refused (Art. 12(4), Art. 77), e.g.
    /// <c>Integritetsskyddsmyndigheten (IMY), www.imy.se</c> for a Swedish controller.
    /// </summary>
    public string SupervisoryAuthority { get; set; } = "the supervisory authority of your member state";
}
