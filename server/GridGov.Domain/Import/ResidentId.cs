using System.Globalization;
using GridGov.Domain.Members;

namespace GridGov.Domain.Import;

/// <summary>
/// 公民身份号码 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit serial (odd for men),
/// and an ISO 7064 MOD 11-2 check character. The one home of this rule: imports, the API and the
/// sample builder all ask here.
/// </summary>
public static class ResidentId
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>The check character of the first 17 digits.</summary>
    public static char CheckDigit(ReadOnlySpan<char> body17)
    {
        if (body17.Length != 17) throw new ArgumentException("17 digits expected", nameof(body17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(body17[i])) throw new ArgumentException("digits expected", nameof(body17));
            sum += (body17[i] - '0') * Weights[i];
        }
        return "10X98765432"[sum % 11];
    }

    /// <summary>
    /// Checks an ID number as typed (spaces trimmed, lower-case x accepted). Returns the normalised
    /// number, or null with the reason in <paramref name="error"/> (one of the codes below).
    /// </summary>
    public static string? Normalise(string? text, out ResidentIdError error)
    {
        error = ResidentIdError.None;
        var s = (text ?? "").Trim().Replace(" ", "").ToUpperInvariant();
        if (s.Length == 0) { error = ResidentIdError.Missing; return null; }
        // Excel shows an 18-digit number as 5.22229E+17 or with its last digits zeroed.
        if (s.Contains('E') || s.Contains('.')) { error = ResidentIdError.StoredAsNumber; return null; }
        if (s.Length != 18 || !s[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(s[17]) || s[17] == 'X'))
        { error = ResidentIdError.Format; return null; }
        if (BirthDate(s) is null) { error = ResidentIdError.BirthDate; return null; }
        if (CheckDigit(s.AsSpan(0, 17)) != s[17]) { error = ResidentIdError.CheckDigit; return null; }
        return s;
    }

    /// <summary>The birth date the number encodes, or null when it is not a real date.</summary>
    public static DateOnly? BirthDate(string id) =>
        id.Length >= 14 && DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        && d.Year >= 1900 ? d : null;

    /// <summary>The 17th digit is odd for men, even for women.</summary>
    public static Gender GenderOf(string id) => (id[16] - '0') % 2 == 1 ? Gender.Male : Gender.Female;

    /// <summary>What is wrong with an ID number, in the words a clerk can act on.</summary>
    public static string Message(ResidentIdError e) => e switch
    {
        ResidentIdError.Missing => "身份证号为空",
        ResidentIdError.StoredAsNumber => "身份证号被 Excel 存成了数字，末尾几位已丢失：请把该列设为「文本」格式后重新填写",
        ResidentIdError.Format => "身份证号应为18位：前17位是数字，最后一位是数字或X",
        ResidentIdError.BirthDate => "身份证号中的出生日期不是有效日期",
        ResidentIdError.CheckDigit => "身份证号校验位不对，可能有数字填错",
        _ => "",
    };
}

public enum ResidentIdError { None, Missing, StoredAsNumber, Format, BirthDate, CheckDigit }
