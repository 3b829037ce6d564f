using System.Globalization;
using System.Text;

namespace GridGov.Domain.Geo;

/// <summary>
/// A WKT CRS text as a tree (OGC WKT1, ESRI WKT and WKT2 share the same bracket syntax). ProjNet's
/// own parser rejects ESRI and WKT2 texts, and we only need to read names and numbers, not transform.
/// </summary>
internal sealed class WktNode
{
    public required string Keyword { get; init; }
    /// <summary>Arguments in order: string (quoted or bare), double, or WktNode.</summary>
    public List<object> Args { get; } = [];

    /// <summary>The first quoted argument (the object's name), or "".</summary>
    public string Name => Args.Count > 0 && Args[0] is string s ? s : "";

    public IEnumerable<WktNode> Children => Args.OfType<WktNode>();

    public WktNode? Child(params string[] keywords) =>
        Children.FirstOrDefault(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    public double? Number(int index)
    {
        var numbers = Args.OfType<double>().ToList();
        return index < numbers.Count ? numbers[index] : null;
    }

    /// <summary>Depth-first search for the first node with one of the keywords.</summary>
    public WktNode? Find(params string[] keywords)
    {
        foreach (var c in Children)
        {
            if (keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase)) return c;
            var deeper = c.Find(keywords);
            if (deeper is not null) return deeper;
        }
        return null;
    }

    public static WktNode? TryParse(string text)
    {
        try
        {
            var pos = 0;
            var node = ParseNode(text, ref pos);
            return node;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static WktNode ParseNode(string s, ref int pos)
    {
        SkipSpace(s, ref pos);
        var start = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
        if (pos == start) throw new FormatException("keyword expected");
        var node = new WktNode { Keyword = s[start..pos] };
        SkipSpace(s, ref pos);
        if (pos >= s.Length || (s[pos] != '[' && s[pos] != '(')) throw new FormatException("[ expected");
        var close = s[pos] == '[' ? ']' : ')';
        pos++;
        while (true)
        {
            SkipSpace(s, ref pos);
            if (pos >= s.Length) throw new FormatException("unterminated");
            if (s[pos] == close) { pos++; return node; }
            node.Args.Add(ParseArg(s, ref pos));
            SkipSpace(s, ref pos);
            if (pos < s.Length && s[pos] == ',') pos++;
        }
    }

    private static object ParseArg(string s, ref int pos)
    {
        if (s[pos] == '"')
        {
            var sb = new StringBuilder();
            pos++;
            while (true)
            {
                if (pos >= s.Length) throw new FormatException("unterminated string");
                if (s[pos] == '"')
                {
                    // WKT escapes a quote by doubling it.
                    if (pos + 1 < s.Length && s[pos + 1] == '"') { sb.Append('"'); pos += 2; continue; }
                    pos++;
                    return sb.ToString();
                }
                sb.Append(s[pos++]);
            }
        }
        if (s[pos] is '-' or '+' or '.' || char.IsDigit(s[pos]))
        {
            var start = pos;
            while (pos < s.Length && (char.IsDigit(s[pos]) || s[pos] is '-' or '+' or '.' or 'e' or 'E')) pos++;
            if (double.TryParse(s[start..pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
            throw new FormatException("bad number");
        }
        var kwStart = pos;
        while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_')) pos++;
        if (pos == kwStart) throw new FormatException("argument expected");
        var save = pos;
        SkipSpace(s, ref pos);
        if (pos < s.Length && (s[pos] == '[' || s[pos] == '('))
        {
            pos = kwStart;
            return ParseNode(s, ref pos);
        }
        pos = save;
        return s[kwStart..pos]; // a bare enum value such as EAST or Cartesian
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
    }
}
