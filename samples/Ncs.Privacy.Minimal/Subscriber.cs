using Ncs.Privacy;

[DataSubject(NewsletterPolicy.Subscriber)]
public class Subscriber
{
    public int Id { get; set; }

    [PersonalData(NewsletterPolicy.Newsletter, NewsletterPolicy.TwoYears)]
    public string Email { get; set; } = "";

    [RetentionAnchor]
    [NotPersonalData("When the subscription started")]
    public DateTime SubscribedAt { get; set; }
}
