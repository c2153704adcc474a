using System.Security.Claims;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Webshop.Policy;

namespace Ncs.Webshop.Hosting;

/// <summary>
/// The demo's request section: NCS takes objections and erasure requests by e-mail. An operator records each with the time
/// the mail arrived (the deadline runs from then), checks the sender against the address on file, and carries it out
/// through the library; the request log keeps what was asked and answered, never a personal value. Over HTTP the same is
/// <c>POST /privacy/requests</c>, <c>.../verify</c>, <c>.../objection</c>, <c>.../erasure</c> (see docs/requests.md).
/// </summary>
internal static class DemoRequests
{
    public static async Task RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var requests = services.GetRequiredService<IDataSubjectRequestService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        // The operator signed in to the back office: the "operator-check" verifier accepts only a privacy operator's attestation.
        var operatorUser = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "operator"), new Claim(ClaimTypes.Role, WebshopApp.OperatorRole)], "Demo"));
        var bjorn = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Bjorn);
        var cecilia = new DataSubjectReference(NcsPolicy.Subjects.Customer, DemoData.Cecilia);

        // Björn e-mailed yesterday evening: he objects to his purchases being used to tailor offers.
        var objection = await requests.ReceiveAsync(
            new DataSubjectRequestSubmission(DataSubjectRight.Objection, RequestChannel.Email)
            {
                ReceivedAtUtc = now.AddHours(-15),
                Purpose = NcsPolicy.Purposes.CustomerExperience,
                Reference = "NCS-MAIL-1001",
            },
            cancellationToken);
        await Print(output, "Objection recorded", objection);
        objection = await requests.VerifyAsync(objection.Id, bjorn, "operator-check", "Sent from the address on file.", operatorUser, cancellationToken);
        await Print(output, "Sender verified", objection);
        objection = await requests.ObjectAsync(objection.Id, bjorn, cancellationToken);
        await Print(output, "Objection carried out", objection);

        // Cecilia e-mailed this morning: erase my data.
        var erasure = await requests.ReceiveAsync(
            new DataSubjectRequestSubmission(DataSubjectRight.Erasure, RequestChannel.Email) { ReceivedAtUtc = now.AddHours(-2), Reference = "NCS-MAIL-1002" },
            cancellationToken);
        await Print(output, "Erasure request recorded", erasure);
        await requests.VerifyAsync(erasure.Id, cecilia, "operator-check", "Reply from the address on file.", operatorUser, cancellationToken);
        var plan = await requests.PlanErasureAsync(erasure.Id, cecilia, cancellationToken);
        await output.WriteLineAsync($"  plan reviewed: {plan.RowsDeleted} rows to delete, {plan.RowsAnonymised} to anonymise, {plan.RowsRetained} to keep");
        erasure = await requests.EraseAsync(erasure.Id, plan, cancellationToken);
        await Print(output, "Erasure request answered", erasure);
        await output.WriteLineAsync($"  answer: {erasure.Outcome}");
        await output.WriteLineAsync($"  recipients to notify (Art. 19): {(erasure.RecipientsToNotify.Count == 0 ? "none" : string.Join(", ", erasure.RecipientsToNotify))}");

        await output.WriteLineAsync();
        await output.WriteLineAsync("The erasure request's history (the request log holds no personal value; the subject only as a keyed hash):");
        foreach (var step in await requests.HistoryAsync(erasure.Id, cancellationToken))
        {
            await output.WriteLineAsync($"  {step.OccurredAtUtc:yyyy-MM-dd HH:mm} UTC  {step.Kind,-12} {step.State,-11} {step.Detail}");
        }
    }

    private static Task Print(TextWriter output, string what, DataSubjectRequestInfo request) =>
        output.WriteLineAsync($"{what}: {request.Right} by {request.Channel} ({request.Reference}), received {request.ReceivedOn:yyyy-MM-dd}, due {request.DueOn:yyyy-MM-dd} (end of day Stockholm time), state {request.State}");
}
