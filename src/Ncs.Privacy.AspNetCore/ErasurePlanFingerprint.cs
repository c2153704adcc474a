using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ncs.Privacy.EntityFrameworkCore;

namespace Ncs.Privacy.AspNetCore;

/// <summary>
/// A strong ETag of what an erasure plan would do: subject, outcome, steps (entity, rows, action, fields, retention
/// reasons and dates) and recipients — not the plan's id, request or time, which differ each time a plan is made.
/// Two plans with the same fingerprint erase exactly the same things.
/// </summary>
internal static class ErasurePlanFingerprint
{
    public static string Of(ErasurePlan plan)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"{plan.SubjectCategory}|{plan.SubjectId}|{plan.Context}|{plan.Outcome}\n");
        foreach (var refusal in plan.Refusals)
        {
            text.Append(c, $"R|{refusal.Reason}|{refusal.Basis}|{refusal.Until:O}|{refusal.Source}\n");
        }

        foreach (var step in plan.Steps)
        {
            text.Append(c, $"S|{step.Order}|{step.EntityType}|{step.Share}|{step.Rows}|{step.Action}|{step.RowCount}\n");
            if (step.PointedTo)
            {
                // Which rows of a type the step covers (those the subject points to, or those it owns) was reviewed too;
                // written only when set, so the fingerprint of a plan without pointed-to steps is what it was.
                text.Append("P\n");
            }

            foreach (var field in step.Fields)
            {
                text.Append(c, $"F|{field.Name}|{field.Action}|{field.Strategy}\n");
            }

            foreach (var unlinked in step.Unlinked)
            {
                text.Append(c, $"U|{unlinked}\n"); // a reference cleared before the deletes is part of what was reviewed
            }

            foreach (var retention in step.Retention)
            {
                text.Append(c, $"T|{retention.Reason}|{retention.Rule}|{retention.Until:O}\n");
            }
        }

        foreach (var recipient in plan.Recipients)
        {
            text.Append(c, $"N|{recipient.Id}\n");
        }

        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32] + "\"";
    }
}
