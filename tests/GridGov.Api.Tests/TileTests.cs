using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace GridGov.Api.Tests;

public class TileTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    private static string Url(string layer, int z, double lon, double lat)
    {
        var (x, y) = Mvt.TileOf(lon, lat, z);
        return $"/tiles/{layer}/{z}/{x}/{y}.pbf";
    }

    [Fact]
    public async Task A_household_tile_carries_styling_attributes_and_no_personal_data()
    {
        var client = await county.Factory.LoginAsync("county");
        var res = await client.GetAsync(Url("households", 14, 108.31, 28.01));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", res.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(res.Headers.ETag);
        Assert.Contains("max-age", res.Headers.CacheControl!.ToString());
        var layers = Mvt.Decode(await res.Content.ReadAsByteArrayAsync());
        var layer = Assert.Single(layers);
        Assert.Equal("households", layer.Name);
        var h1 = layer.Features.Single(f => Convert.ToInt64(f.Attributes["id"]) == 1);
        Assert.Equal(1, h1.GeomType); // point
        Assert.Equal("poor", h1.Attributes["poverty"]);
        Assert.Equal(true, h1.Attributes["linked"]);
        Assert.Equal(true, h1.Attributes["in_cell"]);
        Assert.Equal(false, h1.Attributes["contacted"]);
        Assert.Equal(TestCounty.A1, h1.Attributes["village_code"]);
        Assert.DoesNotContain(layer.Features.SelectMany(f => f.Attributes.Keys), k => k is "head_name" or "id_number" or "phone");
    }

    /// <summary>A past month colours houses as the figures count them: household 1's link began on 2025-01-01.</summary>
    [Fact]
    public async Task Household_tiles_of_a_past_month_show_the_links_of_that_month()
    {
        var client = await county.Factory.LoginAsync("county");
        async Task<Dictionary<string, object>> H1(string layer, string month)
        {
            var res = await client.GetAsync(Url(layer, 14, 108.31, 28.01) + "?month=" + month);
            if (res.StatusCode == HttpStatusCode.NoContent) return [];
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            return Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single().Features
                .SingleOrDefault(f => Convert.ToInt64(f.Attributes["id"]) == 1)?.Attributes ?? [];
        }
        Assert.Equal(false, (await H1("households", "2024-12"))["linked"]);
        Assert.Equal(true, (await H1("households", "2025-03"))["linked"]);
        Assert.NotEmpty(await H1("unlinked", "2024-12"));
        Assert.Empty(await H1("unlinked", "2025-03"));
        // Cell 1 holds households 1 and 2, both linked from 2025-01-01.
        async Task<long> Cell1Linked(string month)
        {
            var res = await client.GetAsync(Url("cells", 12, 108.31, 28.01) + "?month=" + month);
            var cell = Mvt.Decode(await res.Content.ReadAsByteArrayAsync()).Single().Features.Single(f => Convert.ToInt64(f.Attributes["id"]) == 1);
            return Convert.ToInt64(cell.Attributes["linked"]);
        }
        Assert.Equal(0, await Cell1Linked("2024-12"));
        Assert.Equal(2, await Cell1Linked("2025-03"));
        var bad = await client.GetAsync(Url("households", 14, 108.31, 28.01) + "?month=2025-13");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("VALIDATION", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Villages_carry_coverage_shares_and_gaps_the_uncovered_polygons()
    {
        var client = await county.Factory.LoginAsync("county");
        var res = await client.GetAsync(Url("villages", 8, 108.40, 28.00));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var villages = Assert.Single(Mvt.Decode(await res.Content.ReadAsByteArrayAsync()));
        Assert.Equal([TestCounty.A1, TestCounty.A2, TestCounty.B1], villages.Features.Select(f => (string)f.Attributes["code"]).Order());
        var a1 = villages.Features.Single(f => (string)f.Attributes["code"] == TestCounty.A1);
        Assert.Equal(3, a1.GeomType); // polygon
        Assert.Equal(0.75, Convert.ToDouble(a1.Attributes["linked_share"]), 3);

        var gaps = await client.GetAsync(Url("gaps", 8, 108.40, 28.00));
        Assert.Equal(HttpStatusCode.OK, gaps.StatusCode);
        var layer = Assert.Single(Mvt.Decode(await gaps.Content.ReadAsByteArrayAsync()));
        Assert.Contains(layer.Features, f => (string)f.Attributes["village_code"] == TestCounty.A1 && Convert.ToDouble(f.Attributes["area_m2"]) > 2.7e7);
    }

    /// <summary>
    /// The villages and gaps tiles read the coverage cache, checked for staleness in the tile's own statement: a tile asked
    /// for right after an edit shows the edit (the edited village re-scored first), never the cached figures from before.
    /// </summary>
    [Fact]
    public async Task A_tile_asked_for_right_after_an_edit_shows_it()
    {
        var client = await county.Factory.LoginAsync("county");
        async Task<(double LinkedShare, double GapM2)> A1()
        {
            var villages = await client.GetAsync(Url("villages", 8, 108.40, 28.00));
            var gaps = await client.GetAsync(Url("gaps", 8, 108.40, 28.00));
            var v = Mvt.Decode(await villages.Content.ReadAsByteArrayAsync()).Single().Features.Single(f => (string)f.Attributes["code"] == TestCounty.A1);
            var g = Mvt.Decode(await gaps.Content.ReadAsByteArrayAsync()).Single().Features.Single(f => (string)f.Attributes["village_code"] == TestCounty.A1);
            return (Convert.ToDouble(v.Attributes["linked_share"]), Convert.ToDouble(g.Attributes["area_m2"]));
        }
        async Task Exec(string sql)
        {
            await using var conn = new Npgsql.NpgsqlConnection(county.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand(sql, conn);
            Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            // An edit by SQL reaches a server through the database's announcement (tiles kept in memory, TileCacheTests):
            // "right after" is once it has been heard, which this waits for.
            await county.Factory.Services.GetRequiredService<GridGov.Persistence.Sql.TileChanges>().HeardAllAsync(default);
        }
        var before = await A1(); // fills the cache
        Assert.Equal(0.75, before.LinkedShare, 3);
        Assert.Equal(before, await A1()); // served from it
        const string Cell2 = "POLYGON((108.35 28.05, 108.40 28.05, 108.40 28.10, 108.35 28.10, 108.35 28.05))";
        try
        {
            // h2's link ends; cell 2 grows over most of the village's south-east quarter (a smaller gap).
            await Exec("UPDATE links SET valid_to = now() - interval '1 minute', ended_by = 'test', end_reason = '调整' WHERE id = 3");
            await Exec("UPDATE grid_cells SET geometry = ST_GeomFromText('POLYGON((108.35 28.02, 108.40 28.02, 108.40 28.10, 108.35 28.10, 108.35 28.02))', 4326) WHERE id = 2");
            var after = await A1();
            Assert.Equal(0.5, after.LinkedShare, 3);
            Assert.True(after.GapM2 < before.GapM2 - 1e6, $"gap {after.GapM2} m² after the cell grew, {before.GapM2} m² before");
        }
        finally
        {
            await Exec("UPDATE links SET valid_to = NULL, ended_by = NULL, end_reason = NULL WHERE id = 3");
            await Exec($"UPDATE grid_cells SET geometry = ST_GeomFromText('{Cell2}', 4326) WHERE id = 2");
        }
        Assert.Equal(before, await A1());
    }

    /// <summary>
    /// The villages tile and its staleness check are one scan of the tile's villages (TileSql.Fresh); once nothing in the tile
    /// is stale it must be the very bytes of the tile statement alone (TileSql.For), at every zoom, and a stale village is named.
    /// </summary>
    [Theory]
    [InlineData("villages")]
    [InlineData("gaps")]
    public async Task The_tile_with_its_staleness_check_is_the_tile_alone(string layer)
    {
        var client = await county.Factory.LoginAsync("county");
        var store = new GridGov.Persistence.Sql.TileStore(county.Factory.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
        var month = GridGov.Domain.Coverage.CoverageRules.CurrentMonth(DateTimeOffset.UtcNow);
        var asOf = GridGov.Domain.Coverage.CoverageRules.AsOf(month, DateTimeOffset.UtcNow);
        var compared = 0;
        foreach (var z in new[] { 6, 8, 9, 11 })
        {
            var (x, y) = Mvt.TileOf(108.40, 28.00, z);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/tiles/{layer}/{z}/{x}/{y}.pbf")).StatusCode); // re-scores what is stale
            var (stale, tile) = await store.TileIfFreshAsync(layer, z, x, y, new(TestCounty.County[..6]), null, month, asOf, default);
            Assert.Empty(stale);
            var alone = await store.TileAsync(layer, z, x, y, new(TestCounty.County[..6]), null, month, asOf, default);
            Assert.NotEmpty(alone);
            Assert.Equal(Convert.ToHexString(alone), Convert.ToHexString(tile!));
            compared++;
        }
        Assert.Equal(4, compared);

        // An edit makes the village stale: the check names it and gives no tile.
        await using var conn = new Npgsql.NpgsqlConnection(county.ConnectionString);
        await conn.OpenAsync();
        await using (var bump = new Npgsql.NpgsqlCommand(
            $"INSERT INTO coverage_epochs (village_code, epoch) VALUES ('{TestCounty.A1}', 1) ON CONFLICT (village_code) DO UPDATE SET epoch = coverage_epochs.epoch + 1", conn))
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        var (x8, y8) = Mvt.TileOf(108.40, 28.00, 8);
        var (named, none) = await store.TileIfFreshAsync(layer, 8, x8, y8, new(TestCounty.County[..6]), null, month, asOf, default);
        Assert.Contains(TestCounty.A1, named);
        Assert.Null(none);
    }

    [Fact]
    public async Task The_callers_area_applies_and_empty_tiles_are_204()
    {
        var other = await county.Factory.LoginAsync("sec-b1");
        var res = await other.GetAsync(Url("households", 14, 108.31, 28.01));
        Assert.Equal(HttpStatusCode.NoContent, res.StatusCode);
        // A party member sees only the houses linked to them (member 2: h3).
        var member = await county.Factory.LoginAsync("member-2");
        var mine = await member.GetAsync(Url("households", 14, 108.36, 28.06));
        var ids = Mvt.Decode(await mine.Content.ReadAsByteArrayAsync()).Single().Features.Select(f => Convert.ToInt64(f.Attributes["id"]));
        Assert.Equal([3L], ids);
        var cells = await member.GetAsync(Url("cells", 12, 108.31, 28.01));
        var cellLayer = Mvt.Decode(await cells.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(cellLayer.SelectMany(l => l.Features), f => Convert.ToInt64(f.Attributes["id"]) == 1);
        // Households below their minimum zoom are empty, not refused.
        Assert.Equal(HttpStatusCode.NoContent, (await member.GetAsync("/tiles/households/5/25/13.pbf")).StatusCode);
    }

    [Theory]
    [InlineData("/tiles/roads/8/210/107.pbf")]
    [InlineData("/tiles/villages/23/0/0.pbf")]
    [InlineData("/tiles/villages/8/256/107.pbf")]
    [InlineData("/tiles/villages/8/-1/107.pbf")]
    [InlineData("/tiles/villages/x/1/1.pbf")]
    public async Task Bad_layers_and_coordinates_are_400(string url)
    {
        var client = await county.Factory.LoginAsync("county");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Tiles_need_a_login_and_answer_304_to_a_matching_etag()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await county.Factory.CreateClient().GetAsync(Url("villages", 8, 108.4, 28.0))).StatusCode);
        var client = await county.Factory.LoginAsync("county");
        var first = await client.GetAsync(Url("cells", 12, 108.31, 28.01));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var req = new HttpRequestMessage(HttpMethod.Get, Url("cells", 12, 108.31, 28.01));
        req.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(first.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(req)).StatusCode);
        var key = await ApiClient.AddApiKeyAsync(county.ConnectionString, "gis", ["read"], TestCounty.County);
        Assert.Equal(HttpStatusCode.OK, (await county.Factory.WithKey(key).GetAsync(Url("cells", 12, 108.31, 28.01))).StatusCode);
    }

    /// <summary>
    /// A tile is a function of the data, not of the order PostgreSQL happens to read rows in: the same features in
    /// another order are other bytes (the MVT value table is built in reading order) — another ETag for an unchanged
    /// map, and once a tile of another length, which stopped the tile benchmark. One row is rewritten in place (it
    /// moves to the end of the heap, not in the indexes); the endpoint's tile and the same SQL read by sequential
    /// scans only must be the same bytes.
    /// </summary>
    [Theory]
    [InlineData("households", 12, "households", "id", "true")]
    [InlineData("unlinked", 9, "households", "id", "NOT EXISTS (SELECT 1 FROM links l WHERE l.household_id = households.id)")]
    [InlineData("cells", 12, "grid_cells", "id", "true")]
    [InlineData("villages", 9, "areas", "code", "level = 'village'")]
    [InlineData("gaps", 9, "coverage_cache", "village_code", "true")]
    public async Task A_tile_is_the_same_bytes_whatever_order_the_rows_are_read_in(string layer, int z, string table, string key, string where)
    {
        var client = await county.Factory.LoginAsync("county");
        await using (var conn = new Npgsql.NpgsqlConnection(county.ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"UPDATE {table} SET {key} = {key} WHERE {key} = (SELECT min({key}) FROM {table} WHERE {where})", conn);
            Assert.True(await cmd.ExecuteNonQueryAsync() > 0);
        }
        var (x, y) = Mvt.TileOf(108.31, 28.01, z);
        var res = await client.GetAsync($"/tiles/{layer}/{z}/{x}/{y}.pbf");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var served = await res.Content.ReadAsByteArrayAsync();
        Assert.True(Mvt.Decode(served).Single().Features.Count >= 2, "the tile needs two features for their order to matter");

        var seqScans = new Npgsql.NpgsqlConnectionStringBuilder(county.ConnectionString) { Options = "-c enable_indexscan=off -c enable_bitmapscan=off" };
        await using var ds = Npgsql.NpgsqlDataSource.Create(seqScans.ConnectionString);
        var month = GridGov.Domain.Coverage.CoverageRules.CurrentMonth(DateTimeOffset.UtcNow);
        var read = await new GridGov.Persistence.Sql.TileStore(ds).TileAsync(layer, z, x, y, new(TestCounty.County[..6]), null, month,
            GridGov.Domain.Coverage.CoverageRules.AsOf(month, DateTimeOffset.UtcNow), default);
        Assert.Equal(Convert.ToHexString(served), Convert.ToHexString(read));
    }
}
