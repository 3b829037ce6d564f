using GridGov.Api.Resources;
namespace GridGov.Api.Infrastructure;

/// <summary>
/// Name filters of the lists (`households(headName:)`, `villages(name:)`): a case-insensitive
/// "contains" match. The text is matched literally — `%`, `_` and `\` are escaped, not wildcards.
/// </summary>
public static class NameSearch
{
    public const int MaxLength = 50;
    public const string Escape = "\\";

    /// <summary>The ILIKE pattern for a name argument, or null when the argument was not given.</summary>
    public static string? Pattern(string? text, string argument)
    {
        if (text is null) return null;
        var t = text.Trim();
        if (t.Length == 0)
            throw GridGovError.Invalid(Messages.SearchTextEmpty(argument));
        if (t.Length > MaxLength)
            throw GridGovError.Invalid(Messages.SearchTextTooLong(argument, MaxLength));
        return "%" + t.Replace(Escape, Escape + Escape).Replace("%", Escape + "%").Replace("_", Escape + "_") + "%";
    }
}
