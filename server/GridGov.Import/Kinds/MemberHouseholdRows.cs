using Npgsql;
using NpgsqlTypes;
using GridGov.Import.Sql;
using static GridGov.Import.Sql.ImportSql;

namespace GridGov.Import.Kinds;

/// <summary>
/// Ties and links name a member by ID number and a household by 户编号 (in the member's village unless
/// 村代码 says otherwise). This finds both, inside the county, and reports what it cannot find.
/// </summary>
internal static class MemberHouseholdRows
{
    public static async Task ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, CountyContext county,
        ImportReport report, CancellationToken ct)
    {
        await ExecAsync(conn, tx, $"""
            UPDATE {table} s SET member_id = m.id, member_village = m.village_code, member_status = m.status
            FROM people p JOIN party_members m ON m.person_id = p.id
            WHERE p.id_number = s.member_id_number AND m.village_code LIKE @county;
            UPDATE {table} s SET household_id = h.id, household_village = h.village_code
            FROM households h
            WHERE h.village_code = COALESCE(s.village_code, s.member_village) AND h.household_no = s.household_no AND h.ended_at IS NULL;
            """, ct, ("county", county.CountyPrefix + "%"));
        foreach (var (row, id) in await RowsAsync(conn, tx, $"SELECT row, member_id_number FROM {table} WHERE member_id IS NULL", ct))
            report.Error(row, "党员身份证号", id, "UNKNOWN_MEMBER", "本县没有这个身份证号的党员：请先导入党员（members），或核对身份证号");
        foreach (var (row, no) in await RowsAsync(conn, tx, $"SELECT row, household_no FROM {table} WHERE member_id IS NOT NULL AND household_id IS NULL", ct))
            report.Error(row, "户编号", no, "UNKNOWN_HOUSEHOLD", "找不到这个户编号的户（默认在党员所在村里找；别的村请填村代码）：请先导入户，或核对户编号");
    }

    public const string Columns = "member_id bigint, member_village char(12), member_status text, household_id bigint, household_village char(12)";

    public static ImportSql.Col<T>[] Stage<T>(Func<T, int> row, Func<T, string> idNumber, Func<T, string?> village, Func<T, string> householdNo) =>
    [
        new("row", "int", NpgsqlDbType.Integer, r => row(r)),
        new("member_id_number", "text", NpgsqlDbType.Text, r => idNumber(r)),
        new("village_code", "char(12)", NpgsqlDbType.Char, r => village(r)),
        new("household_no", "text", NpgsqlDbType.Text, r => householdNo(r)),
    ];
}
