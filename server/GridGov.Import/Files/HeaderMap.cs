using System.Text;
using System.Text.RegularExpressions;
using GridGov.Domain.Import;

namespace GridGov.Import.Files;

/// <summary>
/// Which file column holds which <see cref="ImportColumn"/> of a kind. A header matches a column by its
/// Chinese header, its key (English, any case), an English key in brackets (「户编号(householdNo)」,
/// 「户编号（householdNo）」) or an alias; spaces, full-width forms, a leading or trailing 「*」 and
/// 「（必填）」/「（选填）」 are ignored. A bracketed key wins over the text before it; a column's own header
/// or key wins over another column's alias. The first header for a column is used; later ones are duplicates.
/// </summary>
public sealed partial class HeaderMap
{
    readonly Dictionary<string, int> indexByKey;

    HeaderMap(ImportKind kind, IReadOnlyList<string> headers, Dictionary<string, int> indexByKey,
        List<string> unknown, List<ImportColumn> missing, List<string> duplicates)
    {
        Kind = kind;
        Headers = headers;
        this.indexByKey = indexByKey;
        Unknown = unknown;
        MissingRequired = missing;
        Duplicates = duplicates;
    }

    public ImportKind Kind { get; }
    public IReadOnlyList<string> Headers { get; }
    /// <summary>Headers that match no column: reported to the user, their values ignored.</summary>
    public IReadOnlyList<string> Unknown { get; }
    /// <summary>Required columns the file lacks (a column with <see cref="ImportColumn.OrKey"/> is satisfied by its alternative).</summary>
    public IReadOnlyList<ImportColumn> MissingRequired { get; }
    /// <summary>Headers naming a column an earlier header already names (the earlier one is used).</summary>
    public IReadOnlyList<string> Duplicates { get; }
    /// <summary>Column keys found, with their index in the file.</summary>
    public IReadOnlyDictionary<string, int> Columns => indexByKey;

    /// <summary>The file's index of the column with this key, or null when the file lacks it.</summary>
    public int? IndexOf(string key) => indexByKey.TryGetValue(key, out var i) ? i : null;

    /// <summary>The value of column <paramref name="key"/> in a row, or null when the file lacks the column or the cell is empty.</summary>
    public string? Get(TabularRow row, string key) =>
        IndexOf(key) is int i && i < row.Values.Length ? row.Values[i] : null;

    public static HeaderMap Build(ImportKind kind, IReadOnlyList<string> headers)
    {
        var columns = ImportColumns.For(kind);
        // Own headers and keys first, then aliases, so an alias never takes a name another column owns.
        var byName = new Dictionary<string, ImportColumn>(StringComparer.Ordinal);
        foreach (var c in columns)
        {
            byName.TryAdd(Normalize(c.Key), c);
            byName.TryAdd(Normalize(c.Header), c);
        }
        foreach (var c in columns)
            foreach (var alias in c.Aliases)
                byName.TryAdd(Normalize(alias), c);

        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<string>();
        var duplicates = new List<string>();
        for (int i = 0; i < headers.Count; i++)
        {
            var header = headers[i] ?? "";
            if (header.Trim().Length == 0)
                continue;
            var column = Match(header, byName);
            if (column == null)
                unknown.Add(header);
            else if (!index.TryAdd(column.Key, i))
                duplicates.Add(header);
        }

        var missing = columns
            .Where(c => c.Required && !index.ContainsKey(c.Key) && !(c.OrKey != null && index.ContainsKey(c.OrKey)))
            .ToList();
        return new HeaderMap(kind, headers, index, unknown, missing, duplicates);
    }

    static ImportColumn? Match(string header, Dictionary<string, ImportColumn> byName)
    {
        var name = Normalize(header);
        var bracket = BracketedKey().Match(name);
        if (bracket.Success)
        {
            if (byName.TryGetValue(bracket.Groups[2].Value, out var byKey))
                return byKey;
            if (byName.TryGetValue(bracket.Groups[1].Value, out var byText))
                return byText;
        }
        return byName.TryGetValue(name, out var c) ? c : null;
    }

    /// <summary>
    /// Full-width to half-width (NFKC: 「（」→「(」, 「＊」→「*」, full-width letters), no whitespace,
    /// lower case, without the marks of a required column.
    /// </summary>
    internal static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
            if (!char.IsWhiteSpace(ch))
                sb.Append(char.ToLowerInvariant(ch));
        s = sb.ToString();
        string before;
        do
        {
            before = s;
            s = s.Trim('*');
            foreach (var mark in RequiredMarks)
                if (s.EndsWith(mark, StringComparison.Ordinal) && s.Length > mark.Length)
                    s = s[..^mark.Length];
        } while (s != before);
        return s;
    }

    static readonly string[] RequiredMarks = ["(必填)", "(必填项)", "(选填)", "(可选)", "[必填]", "必填"];

    [GeneratedRegex(@"^(.*)\(([a-z][a-z0-9_]*)\)$")]
    private static partial Regex BracketedKey();
}
