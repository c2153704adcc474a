using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Ncs.Privacy.Testing.Ownership;

/// <summary>Every row of every table of a context's model, as text, read with plain SQL (no query filter, no EF Core mapping).</summary>
public static class TableDump
{
    /// <summary>One line per row, <c>Table: col=value; ...</c>, tables and rows in a stable order.</summary>
    public static async Task<string> OfAsync(DbContext context)
    {
        var text = new StringBuilder();
        var connection = context.Database.GetDbConnection();
        var close = connection.State != System.Data.ConnectionState.Open;
        if (close)
        {
            await connection.OpenAsync();
        }

        try
        {
            foreach (var table in context.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal))
            {
                if (table.Contains("Audit", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\"";
                var rows = new List<string>();
                await using (DbDataReader reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        var cells = Enumerable.Range(0, reader.FieldCount)
                            .Select(i => $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))}")
                            .Order(StringComparer.Ordinal);
                        rows.Add($"{table}: {string.Join("; ", cells)}");
                    }
                }

                foreach (var row in rows.Order(StringComparer.Ordinal))
                {
                    text.Append(row).Append('\n');
                }
            }
        }
        finally
        {
            if (close)
            {
                await connection.CloseAsync();
            }
        }

        return text.ToString();
    }
}
