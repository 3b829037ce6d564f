using GridGov.Domain.Cadres;
using GridGov.Domain.Members;

namespace GridGov.Export.Kinds;

/// <summary>Chinese words of cadre ledgers and rankings.</summary>
internal static class CadreWords
{
    public static string Kind(CadreKind kind) => CadreKinds.Zh(kind);

    public static string? Rank(CadreRank? rank) => rank is { } r ? CadreRanks.Zh(r) : null;

    /// <summary>Village names under a prefix, for the sheet per village.</summary>
    public static async Task<Dictionary<string, string>> VillageNamesAsync(Npgsql.NpgsqlDataSource db, string prefix, CancellationToken ct)
    {
        var result = new Dictionary<string, string>();
        await using var cmd = db.CreateCommand($"SELECT code, name FROM areas WHERE {GridGov.Persistence.Sql.AreaSql.Within("code", "@prefix")}");
        cmd.Parameters.AddWithValue("prefix", prefix);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) result[r.GetString(0)] = r.GetString(1);
        return result;
    }
}
