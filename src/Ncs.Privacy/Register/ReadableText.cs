using System.Globalization;
using System.Text;

namespace Ncs.Privacy;

/// <summary>
/// Text placed in a document people open (a CSV cell a spreadsheet reads, an HTML page a browser parses) reads as
/// written: a cell that starts like a formula (=, +, -, @) and is not a number is prefixed with <c>'</c> so that a
/// spreadsheet never evaluates it (CSV injection), and control characters other than tab and line breaks (NUL, escape...)
/// are replaced by U+FFFD, as an HTML parser would, instead of being dropped or cutting the text short. The JSON keeps
/// the exact value.
/// </summary>
internal static class ReadableText
{
    /// <summary>The cell as a spreadsheet must show it.</summary>
    public static string Cell(string cell)
    {
        cell = Printable(cell);
        return cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + cell
            : cell;
    }

    /// <summary>The text with every control character but tab, CR and LF replaced by U+FFFD.</summary>
    public static string Printable(string text)
    {
        var i = 0;
        for (; i < text.Length && !IsControl(text[i]); i++)
        {
        }

        if (i == text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(IsControl(c) ? '\uFFFD' : c);
        }

        return sb.ToString();
    }

    private static bool IsControl(char c) => (c < 0x20 && c is not '\t' and not '\r' and not '\n') || c == 0x7F;
}
