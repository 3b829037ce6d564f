using System.Net.Http.Json;
using GridGov.Domain.Access;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>The sample county twice served: with the direct path (as in production) and without it (every request the usual way).</summary>
public sealed class DirectReadsFixture : IAsyncLifetime
{
    public const string Collection = "direct reads";

    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Direct { get; private set; } = null!;
    public ApiFactory Usual { get; private set; } = null!;
    public string Village { get; private set; } = "";
    public string ForeignVillage { get; private set; } = "";
    /// <summary>A household of <see cref="Village"/> whose current member lives in <see cref="ForeignVillage"/> (another township).</summary>
    public long CrossHousehold { get; private set; }
    /// <summary>A member of <see cref="Village"/> who also looks after a household of <see cref="ForeignVillage"/>.</summary>
    public long CrossMember { get; private set; }
    /// <summary>A household of <see cref="Village"/>, in a cell and linked, that has ended (注销) but whose link stays open.</summary>
    public long EndedHousehold { get; private set; }
    public string ReadKey { get; private set; } = "";
    public string PiiKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await SampleDatabases.CreateAsync(_pg, "direct", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 2500, AsOf = new DateOnly(2026, 11, 1),
        });
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            // A village with households, members and a cell with a leader; and one of another township.
            await using var cmd = new NpgsqlCommand("""
                SELECT h.village_code FROM households h
                WHERE EXISTS (SELECT 1 FROM grid_cells c WHERE c.village_code = h.village_code AND c.leader_member_id IS NOT NULL)
                  AND EXISTS (SELECT 1 FROM party_members m WHERE m.village_code = h.village_code)
                GROUP BY h.village_code ORDER BY count(*) DESC LIMIT 1
                """, conn);
            Village = (string)(await cmd.ExecuteScalarAsync())!;
            await using var other = new NpgsqlCommand(
                "SELECT village_code FROM households WHERE left(village_code, 9) <> left(@v, 9) GROUP BY 1 ORDER BY count(*) DESC LIMIT 1", conn);
            other.Parameters.AddWithValue("v", Village);
            ForeignVillage = (string)(await other.ExecuteScalarAsync())!;
            await using var member = new NpgsqlCommand("SELECT min(id) FROM party_members WHERE village_code = @v", conn);
            member.Parameters.AddWithValue("v", Village);
            var memberId = (long)(await member.ExecuteScalarAsync())!;
            // The unlinked filter must have something to find, whatever the sample's gaps: end one link now.
            await using var unlink = new NpgsqlCommand("""
                UPDATE links SET valid_to = now(), ended_by = 'test', end_reason = '外出务工'
                WHERE id = (SELECT min(l.id) FROM links l JOIN households h ON h.id = l.household_id
                            WHERE h.village_code = @v AND l.valid_to IS NULL)
                """, conn);
            unlink.Parameters.AddWithValue("v", Village);
            Assert.Equal(1, await unlink.ExecuteNonQueryAsync());
            // Nested relations across areas and over an ended household: what each caller may see of them must hold on both paths.
            await using var cross = new NpgsqlCommand("""
                WITH mine AS (SELECT l.id, l.household_id FROM links l JOIN households h ON h.id = l.household_id
                              WHERE h.village_code = @v AND l.valid_to IS NULL AND h.cell_id IS NOT NULL ORDER BY l.id LIMIT 2),
                     foreign_member AS (SELECT min(id) AS id FROM party_members WHERE village_code = @f),
                     foreign_link AS (SELECT min(l.id) AS id FROM links l JOIN households h ON h.id = l.household_id
                                      WHERE h.village_code = @f AND l.valid_to IS NULL),
                     a AS (UPDATE links SET member_id = (SELECT id FROM foreign_member) WHERE id = (SELECT min(id) FROM mine) RETURNING household_id),
                     b AS (UPDATE links SET member_id = @m WHERE id = (SELECT id FROM foreign_link) RETURNING household_id),
                     c AS (UPDATE households SET ended_at = now() - interval '1 day', end_reason = '迁出'
                           WHERE id = (SELECT household_id FROM mine ORDER BY id DESC LIMIT 1) RETURNING id)
                SELECT (SELECT household_id FROM a), (SELECT household_id FROM b), (SELECT id FROM c)
                """, conn);
            cross.Parameters.AddWithValue("v", Village);
            cross.Parameters.AddWithValue("f", ForeignVillage);
            cross.Parameters.AddWithValue("m", memberId);
            await using (var r = await cross.ExecuteReaderAsync())
            {
                Assert.True(await r.ReadAsync());
                CrossHousehold = r.GetInt64(0);
                Assert.False(r.IsDBNull(1), "the foreign village has no current link");
                EndedHousehold = r.GetInt64(2);
            }
            CrossMember = memberId;
            await ApiClient.AddUserAsync(ConnectionString, "t-county", Role.CountyLeader, "520625000000");
            await ApiClient.AddUserAsync(ConnectionString, "t-town", Role.TownshipLeader, Village[..9] + "000");
            await ApiClient.AddUserAsync(ConnectionString, "t-secretary", Role.BranchSecretary, Village);
            await ApiClient.AddUserAsync(ConnectionString, "t-member", Role.PartyMember, Village, memberId);
        }
        ReadKey = await ApiClient.AddApiKeyAsync(ConnectionString, "reader", ["read"], "520625000000");
        PiiKey = await ApiClient.AddApiKeyAsync(ConnectionString, "pii", ["read-pii"], "520625000000");
        Direct = new ApiFactory(ConnectionString);
        Usual = new ApiFactory(ConnectionString, new Dictionary<string, string> { ["GraphQL:DirectReads"] = "false" });
    }

    public async Task DisposeAsync()
    {
        await Direct.DisposeAsync();
        await Usual.DisposeAsync();
        await _pg.DisposeAsync();
    }

    public async Task<(HttpClient Direct, HttpClient Usual)> ClientsAsync(string who) => who switch
    {
        "read-key" => (Direct.WithKey(ReadKey), Usual.WithKey(ReadKey)),
        "pii-key" => (Direct.WithKey(PiiKey), Usual.WithKey(PiiKey)),
        _ => (await Direct.LoginAsync("t-" + who), await Usual.LoginAsync("t-" + who)),
    };

    public static async Task<(string Body, bool Direct, int Status)> PostAsync(HttpClient client, string query, object? variables)
    {
        var res = await client.PostAsJsonAsync("/graphql", new { query, variables });
        var body = await res.Content.ReadAsStringAsync();
        return (body, res.Headers.TryGetValues("GridGov-Execution", out var v) && v.Contains("direct"), (int)res.StatusCode);
    }

    /// <summary>Runs the query on both servers (twice on the direct one: the first run teaches it); returns the direct answer.</summary>
    public static async Task<(string Body, bool Direct)> CompareAsync(HttpClient direct, HttpClient usual, string query, object? variables,
        object? teach = null)
    {
        await PostAsync(direct, query, teach ?? variables);
        var (body, wasDirect, status) = await PostAsync(direct, query, variables);
        var (expected, usedDirect, expectedStatus) = await PostAsync(usual, query, variables);
        Assert.False(usedDirect, "the server without the direct path answered directly");
        Assert.Equal(expectedStatus, status);
        Assert.Equal(expected, body);
        return (body, wasDirect);
    }
}

[CollectionDefinition(DirectReadsFixture.Collection)]
public sealed class DirectReadsCollection : ICollectionFixture<DirectReadsFixture>;
