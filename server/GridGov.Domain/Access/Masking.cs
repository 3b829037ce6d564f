namespace GridGov.Domain.Access;

/// <summary>
/// Personal data shown to roles that don't need it: enough to recognise, not to use. The import's audit
/// masks in SQL (Import/Sql/MaskSql); a test pins that to these two functions.
/// </summary>
public static class Masking
{
    /// <summary>18-digit ID: first 4 and last 4 (5206**********1234).</summary>
    public static string? IdNumber(string? id) =>
        id is null ? null : id.Length <= 8 ? new string('*', id.Length) : id[..4] + new string('*', id.Length - 8) + id[^4..];

    /// <summary>Phone: first 3 and last 4 (138****5678).</summary>
    public static string? Phone(string? phone) =>
        phone is null ? null : phone.Length <= 7 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
