namespace Ncs.Webshop.Model;

/// <summary>A product in the catalogue.</summary>
public class Product
{
    [NotPersonalData("Product code")]
    public string Code { get; set; } = "";

    [NotPersonalData("Product name")]
    public string Name { get; set; } = "";

    [NotPersonalData("Catalogue price")]
    public decimal Price { get; set; }
}

/// <summary>A website visit as the policy describes it: anonymised, cannot be traced to an individual (Vid besök på vår hemsida).</summary>
public class WebsiteVisit
{
    [NotPersonalData("Surrogate key")]
    public long Id { get; set; }

    [NotPersonalData("Date and time of the visit; the log holds no user, session or address")]
    public DateTime VisitedAt { get; set; }

    [NotPersonalData("The page shown")]
    public string Page { get; set; } = "";

    [NotPersonalData("Time spent on the page")]
    public int Seconds { get; set; }
}

/// <summary>Aggregated usage statistics (Användning av våra produkter och tjänster; NCS &amp; STATISTIK): not personal data.</summary>
public class UsageStatistic
{
    [NotPersonalData("Surrogate key")]
    public int Id { get; set; }

    [NotPersonalData("Day of the aggregate")]
    public DateOnly Day { get; set; }

    [NotPersonalData("Product code")]
    public string Product { get; set; } = "";

    [NotPersonalData("Number of uses that day, aggregated over all users")]
    public int Uses { get; set; }
}
