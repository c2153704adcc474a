using System.Globalization;
using System.Text.RegularExpressions;

namespace Ncs.Privacy.EntityFrameworkCore;

/// <summary>
/// Whether an anonymised value satisfies the CHECK constraints the model declares on its column (<c>HasCheckConstraint</c>),
/// decided at start-up from the constraint's SQL. Ncs.Privacy runs no SQL there, so it proves only what a small, exact
/// reading shows: a constraint that is a conjunction (<c>AND</c>) of length comparisons (<c>length("Phone") &gt;= 6</c>),
/// <c>"Phone" &lt;&gt; ''</c> and <c>"Phone" IS NOT NULL</c> is evaluated for the strategy's possible values; any other
/// shape is "may violate", and start-up refuses the strategy with the fix rather than let execution fail. NULL satisfies
/// a CHECK (SQL passes an unknown result) unless the constraint tests for NULL itself (IS NULL, COALESCE, CASE...).
/// </summary>
internal static class CheckConstraintRules
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The constraints as the start-up annotation stores them: one per line, name and SQL separated by a tab.</summary>
    public static string Write(IEnumerable<(string Name, string Sql)> constraints)
        => string.Join("\n", constraints.Select(c => c.Name + "\t" + c.Sql.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' ')));

    public static IReadOnlyList<(string Name, string Sql)> Read(string stored)
        => stored.Split('\n').Select(l => l.Split('\t', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : string.Empty)).ToArray();

    /// <summary>The constraints as an error names them: <c>'CK_Phone' ("Phone" LIKE '+%')</c>.</summary>
    public static string Display(string stored) => string.Join(" and ", Read(stored).Select(c => $"'{c.Name}' ({c.Sql})"));

    /// <summary>Why <paramref name="strategy"/>'s values may violate the column's CHECK constraints, or null when they cannot.</summary>
    public static string? Problem(ColumnFacts column, AnonymisationStrategy strategy)
    {
        if (column.CheckConstraint is null)
        {
            return null;
        }

        foreach (var (name, sql) in Read(column.CheckConstraint))
        {
            var why = strategy == AnonymisationStrategy.Null ? NullProblem(sql) : ValueProblem(column, strategy, sql);
            if (why is not null)
            {
                return $"is under the CHECK constraint '{name}' ({sql}), {why}";
            }
        }

        return null;
    }

    private static string? NullProblem(string sql)
        => Regex.IsMatch(sql, @"\b(IS\s+(NOT\s+)?NULL|COALESCE|IFNULL|ISNULL|NVL|NULLIF|CASE|CONCAT|CONCAT_WS|NUM_NULLS|NUM_NONNULLS)\b", Options)
            ? "which tests for NULL itself, so a NULL may violate it"
            : null;

    private static string? ValueProblem(ColumnFacts column, AnonymisationStrategy strategy, string sql)
    {
        const string uncertain = "which a {0} value may violate (Ncs.Privacy evaluates only length comparisons, <> '' and IS NOT NULL joined by AND)";
        if (column.Type != typeof(string) || column.Column is null || Lengths(column, strategy) is not { } lengths)
        {
            return string.Format(CultureInfo.InvariantCulture, uncertain, strategy);
        }

        var name = @"(?:""" + Regex.Escape(column.Column) + @"""|\[" + Regex.Escape(column.Column) + @"\]|`" + Regex.Escape(column.Column) + "`|" + Regex.Escape(column.Column) + @"(?![A-Za-z0-9_]))";
        var mentions = new Regex(@"(?<![A-Za-z0-9_])" + name, Options);
        foreach (var conjunct in Conjuncts(sql))
        {
            if (!mentions.IsMatch(conjunct))
            {
                continue; // about other columns, which this UPDATE's value does not change
            }

            if (Regex.IsMatch(conjunct, @"^" + name + @"\s+IS\s+NOT\s+NULL$", Options))
            {
                continue;
            }

            if (Regex.IsMatch(conjunct, @"^" + name + @"\s*(<>|!=)\s*''$", Options))
            {
                if (lengths.Min == 0)
                {
                    return $"which a {strategy} value (the empty text) violates";
                }

                continue;
            }

            var length = @"(?:length|char_length|character_length|len)\s*\(\s*" + name + @"\s*\)";
            var match = Regex.Match(conjunct, "^" + length + @"\s*(?<op><=|>=|<>|!=|<|>|=)\s*(?<n>\d+)$", Options);
            var reversed = false;
            if (!match.Success)
            {
                match = Regex.Match(conjunct, @"^(?<n>\d+)\s*(?<op><=|>=|<>|!=|<|>|=)\s*" + length + "$", Options);
                reversed = true;
            }

            if (!match.Success || !int.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var bound))
            {
                return string.Format(CultureInfo.InvariantCulture, uncertain, strategy);
            }

            var op = match.Groups["op"].Value;
            if (reversed)
            {
                op = op switch { "<" => ">", ">" => "<", "<=" => ">=", ">=" => "<=", _ => op };
            }

            var holds = op switch
            {
                "<" => lengths.Max < bound,
                "<=" => lengths.Max <= bound,
                ">" => lengths.Min > bound,
                ">=" => lengths.Min >= bound,
                "=" => lengths.Min == bound && lengths.Max == bound,
                _ => bound < lengths.Min || bound > lengths.Max,
            };
            if (!holds)
            {
                return $"which a {strategy} value ({(lengths.Min == lengths.Max ? $"{lengths.Min}" : $"{lengths.Min} to {lengths.Max}")} characters) violates";
            }
        }

        return null;
    }

    /// <summary>The shortest and longest text the strategy writes into the column, or null for a strategy that writes no text.</summary>
    private static (int Min, int Max)? Lengths(ColumnFacts column, AnonymisationStrategy strategy)
    {
        var draws = AnonymisationRules.TokenDigits(column, strategy);
        var suffix = strategy == AnonymisationStrategy.RandomEmail ? Anonymiser.EmailDomain.Length : 0;
        return strategy switch
        {
            AnonymisationStrategy.Redact => (Anonymiser.Placeholder.Length, Anonymiser.Placeholder.Length),
            AnonymisationStrategy.Zero => (0, 0),

            // Each draw is a number below 10^15 written without leading zeros: 1 to 15 digits.
            AnonymisationStrategy.RandomToken or AnonymisationStrategy.RandomEmail
                => (Anonymiser.TokenPrefix.Length + draws + suffix, Anonymiser.TokenPrefix.Length + (15 * draws) + suffix),
            _ => null,
        };
    }

    /// <summary>The constraint split at top-level AND, each part without the parentheses around it.</summary>
    private static IEnumerable<string> Conjuncts(string sql)
    {
        foreach (var part in SplitAtAnd(sql))
        {
            var text = part.Trim();
            while (text.Length > 1 && text[0] == '(' && text[^1] == ')' && Balanced(text[1..^1]))
            {
                text = text[1..^1].Trim();
            }

            if (text.Length < part.Trim().Length && SplitAtAnd(text).Count > 1)
            {
                foreach (var inner in Conjuncts(text))
                {
                    yield return inner; // "(a AND b)": shorter each time, so this ends
                }
            }
            else
            {
                yield return text;
            }
        }
    }

    private static List<string> SplitAtAnd(string sql)
    {
        var parts = new List<string>();
        var depth = 0;
        var quoted = false;
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var ch = sql[i];
            if (ch == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && ch == '(')
            {
                depth++;
            }
            else if (!quoted && ch == ')')
            {
                depth--;
            }
            else if (!quoted && depth == 0 && char.IsWhiteSpace(ch) && i + 5 <= sql.Length
                && string.Compare(sql, i + 1, "AND", 0, 3, StringComparison.OrdinalIgnoreCase) == 0 && char.IsWhiteSpace(sql[i + 4]))
            {
                parts.Add(sql[start..i]);
                start = i + 5;
                i += 4;
            }
        }

        parts.Add(sql[start..]);
        return parts;
    }

    private static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var ch in text)
        {
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (depth < 0)
            {
                return false;
            }
        }

        return depth == 0;
    }
}
