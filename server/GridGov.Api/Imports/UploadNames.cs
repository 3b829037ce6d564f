using System.Text;

namespace GridGov.Api.Imports;

/// <summary>
/// An uploaded file's name made safe to store and show: the last path segment only (either slash), no control
/// or reserved characters, no leading dots, at most 100 characters with its extension kept; "upload" when
/// nothing is left. The name is only ever used inside the job's own folder.
/// </summary>
public static class UploadNames
{
    private const int MaxLength = 100;
    private static readonly char[] Reserved = ['<', '>', ':', '"', '|', '?', '*', '/', '\\', '\0'];

    public static string Sanitize(string? raw)
    {
        var name = (raw ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder(name.Length);
        // Runes, so rare characters of names outside the BMP (CJK Extension B) stay; lone surrogates become U+FFFD and go.
        foreach (var r in name.Normalize(NormalizationForm.FormC).EnumerateRunes())
            if (!Rune.IsControl(r) && r != Rune.ReplacementChar && Rune.GetUnicodeCategory(r) != System.Globalization.UnicodeCategory.Format
                && !(r.IsBmp && Array.IndexOf(Reserved, (char)r.Value) >= 0))
                sb.Append(r.ToString());
        name = sb.ToString().Trim().TrimStart('.').Trim();
        if (name.Length == 0) return "upload";
        if (name.Length > MaxLength)
        {
            var ext = Path.GetExtension(name);
            if (ext.Length > 10) ext = "";
            name = name[..(MaxLength - ext.Length)].TrimEnd() + ext;
        }
        return name;
    }
}
