using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using Npgsql;

namespace GridGov.Import.Kinds;

/// <summary>A person already in the database (perhaps a party member), with their cadre and its postings when they have one.</summary>
internal sealed record KnownPerson(long PersonId, string Name, string? Phone, Cadre? Cadre);

/// <summary>Reads the people a cadre roster names, with their cadres as domain objects (so the domain's posting rules apply).</summary>
internal static class CadreRoster
{
    public static CadreKind KindOf(string snake) => Enum.GetValues<CadreKind>().First(k => Persistence.GridGovDbContext.SnakeCase(k.ToString()) == snake);
    public static CadreRank RankOf(string snake) => Enum.GetValues<CadreRank>().First(k => Persistence.GridGovDbContext.SnakeCase(k.ToString()) == snake);

    public static async Task<Dictionary<string, KnownPerson>> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] idNumbers,
        CancellationToken ct)
    {
        var people = new Dictionary<string, KnownPerson>();
        var cadres = new Dictionary<long, Cadre>();
        // The oldest person of an ID number, and their oldest cadre: one per person is the rule, the first is kept if data broke it.
        await using (var cmd = new NpgsqlCommand("""
            SELECT DISTINCT ON (p.id_number) p.id_number, p.id, p.name, p.phone, c.id, c.kind, c.rank, c.village_code, c.assigned_from, c.assigned_to
            FROM people p LEFT JOIN LATERAL (SELECT * FROM cadres c WHERE c.person_id = p.id ORDER BY c.id LIMIT 1) c ON true
            WHERE p.id_number = ANY(@ids) ORDER BY p.id_number, p.id
            """, conn, tx))
        {
            cmd.Parameters.AddWithValue("ids", idNumbers);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                Cadre? cadre = null;
                if (!r.IsDBNull(4))
                {
                    cadre = new Cadre
                    {
                        Id = r.GetInt64(4), PersonId = r.GetInt64(1), Kind = KindOf(r.GetString(5)), Rank = r.IsDBNull(6) ? null : RankOf(r.GetString(6)),
                        VillageCode = r.GetString(7), AssignedFrom = r.GetFieldValue<DateOnly>(8),
                        AssignedTo = r.IsDBNull(9) ? null : r.GetFieldValue<DateOnly>(9),
                    };
                    cadres[cadre.Id] = cadre;
                }
                people[r.GetString(0)] = new KnownPerson(r.GetInt64(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), cadre);
            }
        }
        await using (var cmd = new NpgsqlCommand(
                         "SELECT id, cadre_id, village_code, from_day, to_day FROM cadre_postings WHERE cadre_id = ANY(@ids) ORDER BY from_day, id", conn, tx))
        {
            cmd.Parameters.AddWithValue("ids", cadres.Keys.ToArray());
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                cadres[r.GetInt64(1)].Postings.Add(new CadrePosting
                {
                    Id = r.GetInt64(0), CadreId = r.GetInt64(1), VillageCode = r.GetString(2), From = r.GetFieldValue<DateOnly>(3),
                    To = r.IsDBNull(4) ? null : r.GetFieldValue<DateOnly>(4),
                });
        }
        return people;
    }
}
