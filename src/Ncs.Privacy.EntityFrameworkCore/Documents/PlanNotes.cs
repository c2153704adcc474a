namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The reasons a plan gives for keeping rows, as codes whose texts are resources (<c>Plan.Note.{Code}</c> in
/// PrivacyTexts.resx and its translations): the planner writes the code and its arguments, each document renders them
/// in its language. <see cref="ErasureStep.Note"/> keeps the English text for readers of older plans and logs.
/// </summary>
internal static class PlanNotes
{
    private static readonly DocumentTexts EnglishTexts = new(null, null, ProcessingRegister.Neutral);

    public static ErasureNote Of(string code, params string[] arguments) => new() { Code = code, Arguments = arguments };

    /// <summary>The notes in English, joined by "; ", or null when there are none.</summary>
    public static string? English(IReadOnlyList<ErasureNote> notes)
        => notes.Count == 0 ? null : string.Join("; ", notes.Select(n => Render(n, EnglishTexts)));

    /// <summary>A note in the texts' language; the arguments (names) through the policy's translations.</summary>
    public static string Render(ErasureNote note, DocumentTexts t) => t.Format($"Plan.Note.{note.Code}", note.Arguments.Select(a => (object?)t.Policy(a)).ToArray());
}
