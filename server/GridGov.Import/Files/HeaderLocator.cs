namespace GridGov.Import.Files;

/// <summary>A physical row as read: its number in the file (Excel row or CSV line), values, stored-as-number flags.</summary>
internal sealed record RawRow(int Number, string?[] Values, bool[] IsNumber)
{
    public bool IsBlank => Values.All(string.IsNullOrWhiteSpace);
}

/// <summary>A merged range: rows 1-based as Excel shows them, columns 0-based.</summary>
internal readonly record struct MergedRange(int FromRow, int ToRow, int FromCol, int ToCol);

/// <summary>Where the header is and what it says.</summary>
internal sealed record HeaderInfo(int FirstRow, int LastRow, string[] Headers);

/// <summary>
/// Finds the header among the first rows of a sheet or CSV. The rule, so a clerk's file with a title
/// on top still reads:
/// <list type="number">
/// <item>Count, for each of the first <see cref="ScanRows"/> rows, its filled cells; a cell merged
/// across columns counts once (so a title merged over the whole width counts 1), a cell merged down
/// from the row above counts again (it belongs to this row's header too).</item>
/// <item>The header is the first row whose count is at least 2 and at least half the widest row's
/// count (a title, or a title plus 「制表日期」, is skipped; a row of real headers is not).</item>
/// <item>Two-row header: when a merged cell of that row reaches down into the next row (「户编号」
/// over two rows), or a cell merged across columns in that row has text under it (「户主信息」 over
/// 「姓名」「身份证号」), the next row is header too. Each column then takes the lower text, or
/// the upper one where the lower is empty or merged from above; the group text (「户主信息」) is dropped:
/// the lower one is what names the column.</item>
/// </list>
/// Rows are merge-filled before this (every cell of a merged range holds the range's value).
/// </summary>
internal static class HeaderLocator
{
    public const int ScanRows = 30;

    public static HeaderInfo? Locate(IReadOnlyList<RawRow> rows, IReadOnlyList<MergedRange> merges)
    {
        var counts = rows.Select(r => CountCells(r, merges)).ToArray();
        int widest = counts.DefaultIfEmpty(0).Max();
        if (widest == 0)
            return null;
        int needed = widest <= 1 ? 1 : Math.Max(2, (widest + 1) / 2);
        int h = Array.FindIndex(counts, c => c >= needed);
        var upper = rows[h];

        RawRow? lower = null;
        if (h + 1 < rows.Count && rows[h + 1].Number == upper.Number + 1)
        {
            var next = rows[h + 1];
            bool twoRows = merges.Any(m => m.FromRow == upper.Number && m.ToRow > upper.Number)
                || merges.Any(m => m.FromRow == upper.Number && m.ToRow == upper.Number && m.ToCol > m.FromCol
                    && Enumerable.Range(m.FromCol, m.ToCol - m.FromCol + 1)
                        .Any(c => c < next.Values.Length && !string.IsNullOrWhiteSpace(next.Values[c])));
            if (twoRows)
                lower = next;
        }

        int width = Math.Max(upper.Values.Length, lower?.Values.Length ?? 0);
        var headers = new string[width];
        for (int c = 0; c < width; c++)
        {
            var up = c < upper.Values.Length ? upper.Values[c]?.Trim() : null;
            var low = lower != null && c < lower.Values.Length ? lower.Values[c]?.Trim() : null;
            headers[c] = (!string.IsNullOrEmpty(low) ? low : up) ?? "";
        }
        int last = Array.FindLastIndex(headers, s => s.Length > 0);
        return new HeaderInfo(upper.Number, lower?.Number ?? upper.Number, headers[..(last + 1)]);
    }

    static int CountCells(RawRow row, IReadOnlyList<MergedRange> merges)
    {
        int n = 0;
        for (int c = 0; c < row.Values.Length; c++)
        {
            if (string.IsNullOrWhiteSpace(row.Values[c]))
                continue;
            // A cell inside a range merged across columns, other than its first column, is the same cell.
            bool sameCell = merges.Any(m => m.ToCol > m.FromCol && c > m.FromCol && c <= m.ToCol
                && row.Number >= m.FromRow && row.Number <= m.ToRow);
            if (!sameCell)
                n++;
        }
        return n;
    }
}

/// <summary>
/// Fills merged ranges while rows stream past (Excel keeps the value only in the top-left cell; a
/// 「组」 merged down over twenty households means each of them is in that group).
/// </summary>
internal sealed class MergeFiller(IReadOnlyList<MergedRange> merges)
{
    readonly MergedRange[] byStart = merges.OrderBy(m => m.FromRow).ToArray();
    readonly List<(MergedRange Range, string? Value, bool IsNumber)> active = [];
    int next;

    public void Fill(RawRow row)
    {
        int r = row.Number;
        active.RemoveAll(a => a.Range.ToRow < r);
        // Ranges starting on rows that never appeared (all blank) still need their place in the list.
        while (next < byStart.Length && byStart[next].FromRow <= r)
        {
            var m = byStart[next++];
            if (m.ToRow < r)
                continue;
            bool here = m.FromRow == r && m.FromCol < row.Values.Length;
            active.Add((m, here ? row.Values[m.FromCol] : null, here && row.IsNumber[m.FromCol]));
        }
        foreach (var (m, value, isNumber) in active)
        {
            for (int c = m.FromCol; c <= m.ToCol && c < row.Values.Length; c++)
            {
                if (r == m.FromRow && c == m.FromCol)
                    continue;
                row.Values[c] = value;
                row.IsNumber[c] = isNumber;
            }
        }
    }
}
