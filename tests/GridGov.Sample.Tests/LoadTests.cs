using GridGov.Domain.Access;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Sample.Tests;

/// <summary>The small county loaded once into a fresh PostGIS database, then checked with SQL.</summary>
[Collection("postgis")]
public class LoadTests(PostgisFixture fixture)
{
    private Task<string> LoadedAsync() => LoadedSample.GetAsync(fixture);

    internal static async Task<T> ScalarAsync<T>(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 300 };
        return (T)Convert.ChangeType((await cmd.ExecuteScalarAsync())!, typeof(T));
    }

    [Fact]
    public async Task Loads_one_county_17_townships_377_villages()
    {
        var cs = await LoadedAsync();
        Assert.Equal(1L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE level = 'county'"));
        Assert.Equal(17L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE level = 'township'"));
        Assert.Equal(377L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE level = 'village'"));
        Assert.Equal((long)Samples.SmallHouseholds, await ScalarAsync<long>(cs, "SELECT count(*) FROM households"));
        // users come in two tables (cadre logins after the cadres they point at).
        foreach (var t in Samples.Small.Tables.GroupBy(t => t.Name))
            Assert.Equal((long)t.Sum(x => x.Count), await ScalarAsync<long>(cs, $"SELECT count(*) FROM {t.Key}"));
        Assert.True(await ScalarAsync<long>(cs, "SELECT count(*) FROM cadre_pairings p JOIN households h ON h.id = p.household_id WHERE h.poverty_status <> 'none'") > 0);
    }

    [Theory]
    [InlineData("village")]
    [InlineData("township")]
    public async Task Partition_is_exact_in_PostGIS(string level)
    {
        var cs = await LoadedAsync();
        var county = await ScalarAsync<double>(cs, "SELECT ST_Area(ST_Transform(boundary, 4545)) FROM areas WHERE level = 'county'");
        var union = await ScalarAsync<double>(cs, $"SELECT ST_Area(ST_Transform(ST_Union(boundary), 4545)) FROM areas WHERE level = '{level}'");
        var sum = await ScalarAsync<double>(cs, $"SELECT sum(ST_Area(ST_Transform(boundary, 4545))) FROM areas WHERE level = '{level}'");
        Assert.Equal(county, union, 1.0);
        Assert.Equal(county, sum, 1.0);
        var overlapping = await ScalarAsync<long>(cs,
            $"SELECT count(*) FROM areas a JOIN areas b ON a.code < b.code AND ST_Intersects(a.boundary, b.boundary) " +
            $"WHERE a.level = '{level}' AND b.level = '{level}' " +
            "AND (ST_Overlaps(a.boundary, b.boundary) OR ST_Area(ST_Transform(ST_Intersection(a.boundary, b.boundary), 4545)) > 0.01)");
        Assert.Equal(0L, overlapping);
    }

    [Fact]
    public async Task Known_points_and_houses_are_where_they_belong()
    {
        var cs = await LoadedAsync();
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM areas WHERE level <> 'county' AND known_point IS NOT NULL AND NOT ST_Contains(boundary, known_point)"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM areas v JOIN areas t ON t.code = v.parent_code WHERE v.level = 'village' AND v.known_point IS NOT NULL AND NOT ST_Contains(t.boundary, v.known_point)"));
        Assert.Equal((long)Samples.SmallHouseholds, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM households h JOIN areas a ON a.code = h.village_code WHERE ST_Contains(a.boundary, h.location)"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM households h JOIN grid_cells c ON c.id = h.cell_id WHERE NOT ST_Contains(c.geometry, h.location) OR c.village_code <> h.village_code"));
        Assert.True(await ScalarAsync<long>(cs, "SELECT count(*) FROM households WHERE cell_id IS NULL") > 0, "some coverage gaps exist");
        Assert.True(await ScalarAsync<long>(cs, "SELECT count(*) FROM grid_cells WHERE leader_member_id IS NULL") > 0, "some cells have no leader");
    }

    [Fact]
    public async Task References_are_consistent()
    {
        var cs = await LoadedAsync();
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM links l JOIN party_members m ON m.id = l.member_id JOIN households h ON h.id = l.household_id WHERE m.village_code <> h.village_code"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM (SELECT household_id FROM links WHERE valid_to IS NULL GROUP BY household_id HAVING count(*) > 1) x"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM ties t JOIN party_members m ON m.id = t.member_id JOIN households h ON h.id = t.household_id WHERE m.village_code <> h.village_code"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM declarations d JOIN party_members m ON m.id = d.member_id JOIN households h ON h.id = d.household_id WHERE m.village_code <> h.village_code"));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM party_members m JOIN people p ON p.id = m.person_id JOIN households h ON h.id = p.household_id WHERE NOT ST_Equals(m.home, h.location)"));
        Assert.Equal(377L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM party_branches b JOIN party_members m ON m.id = b.secretary_member_id AND m.village_code = b.village_code " +
            "JOIN users u ON u.username = 'sec-' || b.village_code AND u.member_id = m.id AND u.role = 'branch_secretary'"));
        Assert.True(await ScalarAsync<long>(cs, "SELECT count(*) FROM links WHERE valid_to IS NOT NULL AND ended_by IS NOT NULL") > 0);
        // Identity sequences were moved past the copied ids.
        Assert.True(await ScalarAsync<bool>(cs,
            "SELECT nextval(pg_get_serial_sequence('households', 'id')) > (SELECT max(id) FROM households)"));
        var hash = await ScalarAsync<string>(cs, "SELECT password_hash FROM users WHERE username = 'county' AND is_sample");
        Assert.True(PasswordHasher.Verify(SampleLoader.DemoPassword, hash));
    }

    [Fact]
    public async Task If_empty_leaves_a_loaded_database_alone()
    {
        var cs = await LoadedAsync();
        var before = await ScalarAsync<long>(cs, "SELECT count(*) FROM households");
        var result = await SampleLoader.LoadAsync(cs, Samples.Small, new LoadOptions { IfEmpty = true });
        Assert.True(result.Skipped);
        var output = new StringWriter();
        var old = Console.Out;
        Console.SetOut(output);
        // No geodata is needed to leave a loaded database alone (a second `./gridgov up` without GRIDGOV_GEODATA).
        var nowhere = Path.Combine(Path.GetTempPath(), "no-geodata-" + Guid.NewGuid().ToString("N"));
        try { Assert.Equal(0, await Cli.RunAsync(["load", "--connection", cs, "--if-empty", "--geodata", nowhere])); }
        finally { Console.SetOut(old); }
        Assert.Contains("skipped", output.ToString());
        Assert.Equal(before, await ScalarAsync<long>(cs, "SELECT count(*) FROM households"));
    }

    [Fact]
    public async Task Loading_twice_without_reset_fails_and_changes_nothing_and_reset_reloads()
    {
        var cs = await fixture.CreateDatabaseAsync("sample_reset");
        await SampleLoader.LoadAsync(cs, Samples.Small);
        var ex = await Assert.ThrowsAsync<SampleLoadException>(() => SampleLoader.LoadAsync(cs, Samples.Small));
        Assert.Contains("--reset", ex.Message);
        var result = await SampleLoader.LoadAsync(cs, Samples.Small, new LoadOptions { Reset = true });
        Assert.False(result.Skipped);
        Assert.Equal((long)Samples.Small.Links.Count, await ScalarAsync<long>(cs, "SELECT count(*) FROM links"));
        Assert.Equal(377L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE level = 'village'"));
    }

    [Fact]
    public async Task An_unreachable_server_gets_a_clear_message()
    {
        var bad = new NpgsqlConnectionStringBuilder(fixture.ServerConnectionString) { Port = 1, Timeout = 3 }.ConnectionString;
        var ex = await Assert.ThrowsAsync<SampleLoadException>(() => SampleLoader.PrepareDatabaseAsync(bad));
        Assert.Contains("cannot connect", ex.Message);
        Assert.Contains("Check that the server is running", ex.Message);
    }

    /// <summary>
    /// The full county as `./gridgov up` loads it: counts and the containment invariant at full size.
    /// (Its load time is a benchmark, not a test: see docs/benchmarks.md.)
    /// </summary>
    [Fact]
    public async Task Full_county_loads_with_its_invariants()
    {
        var cs = await fixture.CreateDatabaseAsync("sample_full");
        var data = SampleBuilder.Build(Samples.Options() with { Households = SampleOptions.FullHouseholds });
        await SampleLoader.LoadAsync(cs, data);
        Assert.Equal(110_000L, await ScalarAsync<long>(cs, "SELECT count(*) FROM households"));
        Assert.InRange(await ScalarAsync<long>(cs, "SELECT count(*) FROM party_members"), 12_000L, 16_000L);
        Assert.Equal(377L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE level = 'village'"));
        Assert.Equal(0L, await ScalarAsync<long>(cs, """
            SELECT count(*) FROM households h JOIN areas v ON v.code = h.village_code
            WHERE NOT ST_Contains(v.boundary, h.location)
            """));
        Assert.Equal(0L, await ScalarAsync<long>(cs,
            "SELECT count(*) FROM (SELECT household_id FROM links WHERE valid_to IS NULL GROUP BY household_id HAVING count(*) > 1) d"));
        // The rules at full size (issue #14): nobody over capacity (8 by default, 3 elderly or sick, 0 migrant),
        // nobody linked to their own household, links within 3 km, 28 deep-poverty villages.
        Assert.Equal(0L, await ScalarAsync<long>(cs, """
            SELECT count(*) FROM party_members m
            WHERE (SELECT count(*) FROM links l WHERE l.member_id = m.id AND l.valid_to IS NULL)
                  > COALESCE(m.capacity, CASE m.status WHEN 'active' THEN 8 WHEN 'elderly' THEN 3 WHEN 'sick' THEN 3 ELSE 0 END)
            """));
        Assert.Equal(0L, await ScalarAsync<long>(cs, """
            SELECT count(*) FROM links l JOIN party_members m ON m.id = l.member_id JOIN people p ON p.id = m.person_id
            WHERE l.valid_to IS NULL AND p.household_id = l.household_id
            """));
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM links WHERE valid_to IS NULL AND distance_meters > 3000"));
        Assert.Equal(28L, await ScalarAsync<long>(cs, "SELECT count(*) FROM areas WHERE is_deep_poverty"));
    }
}
