using Ncs.Privacy;

[PrivacyPolicy(Name = "Newsletter")]
[Controller("Example AB", Email = "privacy@example.se")]
public static class NewsletterPolicy
{
    [DataSubjectCategory("People who subscribe to the newsletter")]
    public const string Subscriber = "subscriber";

    [Purpose(LegalBasis.Consent, "Send the newsletter the subscriber asked for", Subjects = [Subscriber])]
    public const string Newsletter = "newsletter";

    [RetentionRule("P2Y", EndsWithAccount = true, Description = "Two years after subscribing, or until the subscription ends")]
    public const string TwoYears = "two-years";
}
