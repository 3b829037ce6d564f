using System.Net;
using GridGov.Persistence.Sql;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// Ten times the sample's densest place (its densest z13 tile holds ~2,900 houses; here 30,000 more): the z13 households tile
/// stays under 150 KB because it is thinned, and at the zoom where every house is its own feature
/// (<see cref="TileSql.EveryHouseZoom"/>) the tiles together hold every house — both counted from the decoded tiles.
/// </summary>
public class DenseTileTests(MonthlyCountyFixture county) : IClassFixture<MonthlyCountyFixture>
{
    private const int Added = 30_000;
    private const int Bound = 150 * 1024;

    [Fact]
    public async Task A_dense_z13_tile_stays_under_150_KB_and_every_house_is_in_the_tiles_where_houses_are_clickable()
    {
        var (x, y) = Mvt.TileOf(108.31, 28.01, 13);
        // Houses spread over the tile's inner 90% (none in another tile's buffer), a few hundred metres apart at most.
        var (west, north) = LonLat(x, y, 13);
        var (east, south) = LonLat(x + 1, y + 1, 13);
        await using (var conn = new NpgsqlConnection(county.ConnectionString))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source)
                SELECT 1000000 + g, '520625101001',
                       ST_SetSRID(ST_MakePoint(@w + (@e - @w) * (0.05 + 0.9 * ((g * 7919) % 10007) / 10007.0),
                                               @s + (@n - @s) * (0.05 + 0.9 * ((g * 104729) % 10009) / 10009.0)), 4326),
                       '密集' || g, 3, 'none', 'synthetic'
                FROM generate_series(1::bigint, @count) g
                """, conn);
            insert.Parameters.AddWithValue("w", west);
            insert.Parameters.AddWithValue("e", east);
            insert.Parameters.AddWithValue("s", south);
            insert.Parameters.AddWithValue("n", north);
            insert.Parameters.AddWithValue("count", Added);
            Assert.Equal(Added, await insert.ExecuteNonQueryAsync());
        }
        var expected = new HashSet<ulong>();
        await using (var conn = new NpgsqlConnection(county.ConnectionString))
        {
            await conn.OpenAsync();
            await using var ids = new NpgsqlCommand("""
                SELECT id FROM households
                WHERE ended_at IS NULL AND location && ST_Transform(ST_TileEnvelope(13, @x, @y), 4326)
                """, conn);
            ids.Parameters.AddWithValue("x", x);
            ids.Parameters.AddWithValue("y", y);
            await using var r = await ids.ExecuteReaderAsync();
            while (await r.ReadAsync()) expected.Add((ulong)r.GetInt64(0));
        }
        Assert.True(expected.Count >= Added);

        var client = await county.Factory.LoginAsync("county");
        async Task<(int Bytes, List<Mvt.Feature> Features)> Tile(string layer, int z, int tx, int ty)
        {
            var res = await client.GetAsync($"/tiles/{layer}/{z}/{tx}/{ty}.pbf");
            if (res.StatusCode == HttpStatusCode.NoContent) return (0, []);
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var body = await res.Content.ReadAsByteArrayAsync();
            return (body.Length, Assert.Single(Mvt.Decode(body)).Features);
        }

        // z13: thinned — no house is its own feature, and the points' counts add up to every house of the tile.
        foreach (var layer in new[] { "households", "unlinked" })
        {
            var (bytes, features) = await Tile(layer, 13, x, y);
            Assert.InRange(bytes, 1, Bound);
            Assert.All(features, f => Assert.False(f.Attributes.ContainsKey("id")));
            var n = features.Sum(f => Convert.ToInt64(f.Attributes["n"]));
            if (layer == "households") Assert.Equal(expected.Count, n);
            else Assert.InRange(n, Added, expected.Count); // the added houses have no link
        }

        // Every house in the tiles at the zoom where houses are clickable: each its own point with its id.
        var step = 1 << (TileSql.EveryHouseZoom - 13);
        var seen = new HashSet<ulong>();
        for (var dx = 0; dx < step; dx++)
            for (var dy = 0; dy < step; dy++)
            {
                var (bytes, features) = await Tile("households", TileSql.EveryHouseZoom, x * step + dx, y * step + dy);
                Assert.InRange(bytes, 0, Bound);
                foreach (var f in features)
                {
                    Assert.Equal(1, f.GeomType);
                    Assert.False(f.Attributes.ContainsKey("n"));
                    seen.Add(Convert.ToUInt64(f.Attributes["id"]));
                }
            }
        Assert.Empty(expected.Except(seen));

        // A sparse tile below that zoom is not thinned: its houses keep their ids.
        var (sx, sy) = Mvt.TileOf(108.45, 28.00, 13); // household 6, alone in township B
        var (_, sparse) = await Tile("households", 13, sx, sy);
        Assert.Contains(sparse, f => Convert.ToInt64(f.Attributes["id"]) == 6);
        Assert.All(sparse, f => Assert.False(f.Attributes.ContainsKey("n")));
    }

    private static (double Lon, double Lat) LonLat(int x, int y, int z)
    {
        var n = 1 << z;
        return (x / (double)n * 360 - 180, Math.Atan(Math.Sinh(Math.PI * (1 - 2.0 * y / n))) * 180 / Math.PI);
    }
}
