using System.Globalization;
using System.Text.RegularExpressions;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;

namespace GridGov.Domain.Import;

/// <summary>
/// The words a county's files use for our enums and simple values, and how each is checked.
/// Unknown words are errors, never guessed.
/// </summary>
public static partial class ImportValues
{
    /// <summary>户类别 → poverty status (and 低保/特困, which are assistance, not poverty status).</summary>
    public static bool TryCategory(string text, out PovertyStatus status, out SocialAssistance assistance)
    {
        assistance = SocialAssistance.None;
        status = PovertyStatus.None;
        switch (text.Trim())
        {
            case "" or "一般户" or "一般" or "普通户": return true;
            case "贫困户" or "建档立卡户" or "建档立卡贫困户": status = PovertyStatus.Poor; return true;
            case "脱贫户" or "已脱贫户" or "脱贫不稳定户": status = PovertyStatus.LiftedOut; return true;
            case "监测户" or "边缘易致贫户" or "突发严重困难户" or "防返贫监测户": status = PovertyStatus.Monitored; return true;
            case "低保户" or "低保": assistance = SocialAssistance.Subsistence; return true;
            case "特困户" or "特困供养户" or "五保户": assistance = SocialAssistance.Destitute; return true;
            default: return false;
        }
    }

    public static bool TryMemberStatus(string text, out MemberStatus status)
    {
        status = MemberStatus.Active;
        switch (text.Trim())
        {
            case "" or "正常" or "在册": return true;
            case "流动" or "流动党员" or "外出": status = MemberStatus.Migrant; return true;
            case "年老体弱" or "年老": status = MemberStatus.Elderly; return true;
            case "患病" or "生病" or "病弱": status = MemberStatus.Sick; return true;
            case "已故" or "死亡" or "去世": status = MemberStatus.Deceased; return true;
            case "转出" or "已转出": status = MemberStatus.Left; return true;
            default: return false;
        }
    }

    /// <summary>党员类别: 正式 (full) or 预备 (probationary).</summary>
    public static bool TryProbationary(string text, out bool probationary)
    {
        probationary = false;
        switch (text.Trim())
        {
            case "" or "正式" or "正式党员": return true;
            case "预备" or "预备党员": probationary = true; return true;
            default: return false;
        }
    }

    public static bool TryGender(string text, out Gender? gender)
    {
        gender = null;
        switch (text.Trim())
        {
            case "": return true;
            case "男": gender = Gender.Male; return true;
            case "女": gender = Gender.Female; return true;
            default: return false;
        }
    }

    /// <summary>关系: 血缘 blood, 亲缘/姻亲 marriage (in-laws), 人缘 social.</summary>
    public static bool TryTieKind(string text, out TieKind kind)
    {
        kind = TieKind.Social;
        switch (text.Trim())
        {
            case "血缘" or "血亲": kind = TieKind.Blood; return true;
            case "亲缘" or "姻亲" or "姻缘": kind = TieKind.Marriage; return true;
            case "人缘" or "邻里" or "朋友" or "同事": kind = TieKind.Social; return true;
            default: return false;
        }
    }

    /// <summary>A mobile (11 digits from 13–19) or a landline with area code (0xx-xxxxxxx[x]).</summary>
    public static string? NormalisePhone(string text)
    {
        var s = text.Trim().Replace(" ", "").Replace("－", "-");
        if (s.StartsWith("+86", StringComparison.Ordinal)) s = s[3..];
        if (MobileRegex().IsMatch(s)) return s;
        if (LandlineRegex().IsMatch(s)) return s;
        return null;
    }

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex MobileRegex();
    [GeneratedRegex(@"^0[0-9]{2,3}-?[0-9]{7,8}$")]
    private static partial Regex LandlineRegex();

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-M-d", "yyyy-MM", "yyyy/M", "yyyy年M月", "yyyy.M"];

    /// <summary>A date as staff type it (2001-07-01, 2001/7/1, 2001年7月1日, 2001.7; a month alone means its first day).</summary>
    public static DateOnly? ParseDate(string text)
    {
        var s = text.Trim();
        if (s.Length >= 19 && s[10] is 'T' or ' ') s = s[..10]; // a date-time cell
        return DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>村民小组 as typed ("3组", "第三组", "三组", "3") → its number, or null.</summary>
    public static int? GroupNumber(string text)
    {
        var s = text.Trim().Replace("第", "").Replace("村民小组", "").Replace("小组", "").Replace("组", "");
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0) return n;
        return ChineseNumber(s);
    }

    private static int? ChineseNumber(string s)
    {
        const string digits = "零一二三四五六七八九";
        if (s.Length == 0) return null;
        var total = 0; var current = 0;
        foreach (var c in s)
        {
            var d = digits.IndexOf(c);
            if (d >= 0) current = d;
            else if (c == '十') { total += (current == 0 ? 1 : current) * 10; current = 0; }
            else return null;
        }
        total += current;
        return total > 0 ? total : null;
    }
}
