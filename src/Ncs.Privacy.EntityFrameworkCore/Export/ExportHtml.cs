using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// The export for people (Art. 12(1): concise, transparent, intelligible, easily accessible): one self-contained HTML
/// page rendered from the export's JSON, in the export's language. What is held is grouped the way the customer thinks
/// of it (account, orders, messages...); for each kind of record it says why (purpose and basis in words), how long and
/// who receives it. No script, no remote resource: a Content-Security-Policy of <c>default-src 'none'</c> and inline
/// styles only, so the file opens offline and cannot call anywhere. Values keep their line breaks and wrap anywhere, so
/// a long value (a key, a message without spaces) stays on a narrow screen.
/// </summary>
internal static class ExportHtml
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}
        h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:2px solid #ddd;padding-bottom:.2rem}h3{font-size:1.1rem;margin-top:1.4rem}
        table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ccc;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}td{white-space:pre-wrap}
        th{background:#f3f3f3}td.empty{color:#777;font-style:italic}.why td{font-size:.92rem}dl dt{font-weight:600;margin-top:.6rem}dl dd{margin-left:0}
        nav ul{padding-left:1.2rem}footer{margin-top:2rem;color:#555;font-size:.9rem}pre{white-space:pre-wrap;overflow-wrap:anywhere}
        """;

    public static string Render(JsonElement export, DocumentTexts t)
    {
        var sb = new StringBuilder(16 * 1024);
        var controller = export.GetProperty("controller");
        var controllerName = controller.GetProperty("name").GetString() ?? string.Empty;
        var purposes = export.GetProperty("purposes").EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var retention = export.GetProperty("retention").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var recipients = export.GetProperty("recipients").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var generated = DateTimeOffset.Parse(export.GetProperty("generatedAt").GetString()!, CultureInfo.InvariantCulture);

        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(E(export.GetProperty("language").GetString() ?? "en")).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append("<title>").Append(E(t.Format("Html.Title", controllerName))).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(E(t.Format("Html.Title", controllerName))).Append("</h1>\n");
        sb.Append("<p>").Append(E(t.Format("Html.Intro", controllerName, generated.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))).Append("</p>\n");

        var groups = export.GetProperty("data").EnumerateArray()
            .GroupBy(b => b.GetProperty("group").GetString() ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        sb.Append("<nav><ul>\n");
        for (var i = 0; i < groups.Count; i++)
        {
            sb.Append("<li><a href=\"#g").Append(i).Append("\">").Append(E(groups[i].Key)).Append("</a></li>\n");
        }

        sb.Append("<li><a href=\"#purposes\">").Append(E(t["Html.Purposes"])).Append("</a></li>\n");
        sb.Append("<li><a href=\"#rights\">").Append(E(t["Html.Rights"])).Append("</a></li>\n</ul></nav>\n");

        for (var i = 0; i < groups.Count; i++)
        {
            sb.Append("<section id=\"g").Append(i).Append("\">\n<h2>").Append(E(groups[i].Key)).Append("</h2>\n");
            foreach (var block in groups[i])
            {
                Block(sb, block, t, purposes, retention, recipients, controllerName);
            }

            sb.Append("</section>\n");
        }

        if (export.TryGetProperty("sections", out var sections) && sections.GetArrayLength() > 0)
        {
            sb.Append("<section>\n<h2>").Append(E(t["Html.Sections"])).Append("</h2>\n");
            foreach (var section in sections.EnumerateArray())
            {
                sb.Append("<h3>").Append(E(t.Policy(DisplayNames.Derive(section.GetProperty("name").GetString() ?? string.Empty)))).Append("</h3>\n<pre>")
                    .Append(E(JsonSerializer.Serialize(section.GetProperty("content"), Indented))).Append("</pre>\n");
            }

            sb.Append("</section>\n");
        }

        sb.Append("<section id=\"purposes\">\n<h2>").Append(E(t["Html.Purposes"])).Append("</h2>\n<dl>\n");
        foreach (var purpose in purposes.Values)
        {
            var detail = purpose.GetProperty("legitimateInterest").GetString() ?? purpose.GetProperty("law").GetString();
            sb.Append("<dt>").Append(E(purpose.GetProperty("name").GetString()!)).Append("</dt>\n<dd>").Append(E(purpose.GetProperty("description").GetString()!)).Append("<br>")
                .Append(E(t.Format("Html.Basis", purpose.GetProperty("basis").GetString(), t.Article(purpose.GetProperty("article").GetString()!))))
                .Append(detail is null ? string.Empty : ": " + E(detail)).Append("</dd>\n");
        }

        sb.Append("</dl>\n</section>\n");
        sb.Append("<section id=\"rights\">\n<h2>").Append(E(t["Html.Rights"])).Append("</h2>\n<dl>\n");
        foreach (var right in export.GetProperty("rights").EnumerateArray())
        {
            sb.Append("<dt>").Append(E(right.GetProperty("title").GetString()!)).Append(" (").Append(E(t.Article(right.GetProperty("article").GetString()!))).Append(")</dt>\n<dd>")
                .Append(E(right.GetProperty("description").GetString()!)).Append("</dd>\n");
        }

        sb.Append("</dl>\n</section>\n");
        sb.Append("<section>\n<h2>").Append(E(t["Html.Controller"])).Append("</h2>\n<p>").Append(E(controllerName));
        foreach (var name in new[] { "registrationNumber", "address", "email", "phone" })
        {
            if (controller.GetProperty(name).GetString() is { } value)
            {
                sb.Append("<br>").Append(E(value));
            }
        }

        sb.Append("</p>\n");
        if (controller.GetProperty("dataProtectionOfficer") is { ValueKind: JsonValueKind.Object } dpo)
        {
            sb.Append("<p>").Append(E(t.Format("Html.Dpo", string.Join(", ", new[] { "name", "email", "phone" }.Select(n => dpo.GetProperty(n).GetString()).OfType<string>())))).Append("</p>\n");
        }

        sb.Append("</section>\n<footer>").Append(E(export.GetProperty("format").GetString()!)).Append(" · ").Append(E(export.GetProperty("policy").GetString() ?? string.Empty))
            .Append("</footer>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Block(StringBuilder sb, JsonElement block, DocumentTexts t, Dictionary<string, JsonElement> purposes, Dictionary<string, JsonElement> retention,
        Dictionary<string, JsonElement> recipients, string controllerName)
    {
        var columns = new List<Column>();
        Columns(block, [], string.Empty, columns);
        sb.Append("<h3>").Append(E(block.GetProperty("name").GetString()!)).Append("</h3>\n");
        var rows = block.GetProperty("rows");
        if (rows.GetArrayLength() == 0)
        {
            sb.Append("<p>").Append(E(t["Html.NoRows"])).Append("</p>\n");
        }
        else if (rows.GetArrayLength() == 1)
        {
            sb.Append("<table>\n<thead><tr><th>").Append(E(t["Html.Field"])).Append("</th><th>").Append(E(t["Html.Value"])).Append("</th></tr></thead>\n<tbody>\n");
            foreach (var column in columns)
            {
                sb.Append("<tr><th scope=\"row\">").Append(E(column.Name)).Append("</th>");
                Cell(sb, column, column.Read(rows[0]), t);
                sb.Append("</tr>\n");
            }

            sb.Append("</tbody>\n</table>\n");
        }
        else
        {
            sb.Append("<table>\n<thead><tr>");
            foreach (var column in columns)
            {
                sb.Append("<th>").Append(E(column.Name)).Append("</th>");
            }

            sb.Append("</tr></thead>\n<tbody>\n");
            foreach (var row in rows.EnumerateArray())
            {
                sb.Append("<tr>");
                foreach (var column in columns)
                {
                    Cell(sb, column, column.Read(row), t);
                }

                sb.Append("</tr>\n");
            }

            sb.Append("</tbody>\n</table>\n");
        }

        sb.Append("<table class=\"why\">\n<thead><tr><th>").Append(E(t["Html.Field"])).Append("</th><th>").Append(E(t["Html.Why"])).Append("</th><th>")
            .Append(E(t["Html.HowLong"])).Append("</th><th>").Append(E(t["Html.Recipients"])).Append("</th><th>").Append(E(t["Html.Source"])).Append("</th></tr></thead>\n<tbody>\n");
        foreach (var column in columns)
        {
            var uses = column.Field.GetProperty("uses").EnumerateArray().ToList();
            var why = uses.Select(u => purposes[u.GetProperty("purpose").GetString()!])
                .Select(p => $"{p.GetProperty("name").GetString()}: {t.Format("Html.Basis", p.GetProperty("basis").GetString(), t.Article(p.GetProperty("article").GetString()!))}")
                .Distinct(StringComparer.Ordinal)
                .ToList();
            if (column.Field.TryGetProperty("anonymised", out _))
            {
                why.Add(t["Html.Anonymised"]);
            }
            var howLong = uses.Select(u => retention[u.GetProperty("retention").GetString()!].GetProperty("timeLimit").GetString()!).Distinct(StringComparer.Ordinal);
            var receivers = uses.SelectMany(u => u.TryGetProperty("recipients", out var own)
                    ? own.EnumerateArray().Select(r => r.GetString()!)
                    : purposes[u.GetProperty("purpose").GetString()!].GetProperty("recipients").EnumerateArray().Select(r => r.GetString()!))
                .Distinct(StringComparer.Ordinal)
                .Select(id => recipients.TryGetValue(id, out var r) ? $"{r.GetProperty("description").GetString()} ({t.Format("Html.Location", r.GetProperty("location").GetString())})" : id)
                .ToList();
            var sources = uses.Select(u => u.TryGetProperty("source", out var s) ? s.GetString() : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            sb.Append("<tr><th scope=\"row\">").Append(E(column.Name)).Append("</th><td>").Append(Lines(why)).Append("</td><td>").Append(Lines(howLong))
                .Append("</td><td>").Append(receivers.Count == 0 ? E(t.Format("Html.NoRecipients", controllerName)) : Lines(receivers))
                .Append("</td><td>").Append(sources.Count == 0 ? E(t["Source.Subject"]) : Lines(sources)).Append("</td></tr>\n");
        }

        sb.Append("</tbody>\n</table>\n");
    }

    private static string Lines(IEnumerable<string> lines) => string.Join("<br>", lines.Select(E));

    private static void Cell(StringBuilder sb, Column column, IReadOnlyList<JsonElement> values, DocumentTexts t)
    {
        // The value an erasure anonymised is a placeholder, not data about the person: it reads "(anonymised)", never
        // as a fact ("E-mail confirmed: no", "Name: erased-...").
        if (column.Anonymised && values.Count > 0)
        {
            sb.Append("<td class=\"empty\">").Append(E(t["Html.AnonymisedValue"])).Append("</td>");
            return;
        }

        if (values.Count == 0 || values.All(v => v.ValueKind == JsonValueKind.Null))
        {
            sb.Append("<td class=\"empty\">").Append(E(t["Html.Empty"])).Append("</td>");
            return;
        }

        sb.Append("<td>").Append(string.Join("<br>", values.Select(v => E(Text(v, t))))).Append("</td>");
    }

    internal static string Text(JsonElement value, DocumentTexts t) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.True => t["Yes"],
        JsonValueKind.False => t["No"],
        JsonValueKind.Null => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>The block's fields and its owned parts' fields, flattened: "Shipping address › City".</summary>
    internal static void Columns(JsonElement description, string[] ownedPath, string prefix, List<Column> columns)
    {
        foreach (var field in description.GetProperty("fields").EnumerateObject())
        {
            columns.Add(new Column(prefix + field.Value.GetProperty("name").GetString(), ownedPath, field.Name, field.Value));
        }

        if (description.TryGetProperty("owned", out var owned))
        {
            foreach (var part in owned.EnumerateObject())
            {
                Columns(part.Value, [.. ownedPath, part.Name], prefix + part.Value.GetProperty("name").GetString() + " › ", columns);
            }
        }
    }

    /// <summary>Escapes the five characters HTML gives meaning to; every other character stays as written (the page is UTF-8).</summary>
    private static string E(string text)
    {
        // A NUL or other control character is a parse error in HTML (browsers drop it): shown as U+FFFD instead.
        text = ReadableText.Printable(text);
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>One value column: where it is in a row (through owned parts) and its field description.</summary>
    internal sealed record Column(string Name, string[] OwnedPath, string Key, JsonElement Field)
    {
        /// <summary>True when an erasure anonymised this field in the subject's kept rows (the export's <c>anonymised</c>).</summary>
        public bool Anonymised => Field.TryGetProperty("anonymised", out var a) && a.ValueKind == JsonValueKind.True;

        public IReadOnlyList<JsonElement> Read(JsonElement row)
        {
            IEnumerable<JsonElement> current = [row];
            foreach (var step in OwnedPath)
            {
                current = current.SelectMany(r => r.TryGetProperty("owned", out var o) && o.TryGetProperty(step, out var items) ? items.EnumerateArray() : []);
            }

            return current.Select(r => r.GetProperty("values").TryGetProperty(Key, out var v) ? v : default).Where(v => v.ValueKind != JsonValueKind.Undefined).ToList();
        }
    }
}
