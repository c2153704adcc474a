using System.Text;

namespace Ncs.Privacy;

/// <summary>
/// Text placed in a Markdown document (the register, the erasure plan) reads as written wherever the document is rendered:
/// the characters Markdown and the HTML it allows give meaning to are escaped with a backslash (CommonMark), so a
/// controller "Club &amp; Co &lt;AB&gt;" keeps its "&lt;AB&gt;" and a "&lt;script&gt;" in a declared text is never a tag;
/// line breaks become spaces so a table cell stays one cell.
/// </summary>
internal static class MarkdownText
{
    private const string Special = "\\`*_[]<>|";

    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny(Special + "\r\n") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    break;
                case '\n':
                    sb.Append(' ');
                    break;
                default:
                    if (Special.Contains(c, StringComparison.Ordinal))
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }
}
