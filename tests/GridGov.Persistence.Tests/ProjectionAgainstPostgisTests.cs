using GridGov.Domain.Geo;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>Our conversions checked against PostGIS ST_Transform as an independent reference.</summary>
public class ProjectionAgainstPostgisTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static List<(double Lon, double Lat)> Points()
    {
        var rnd = new Random(7);
        return Enumerable.Range(0, 500)
            .Select(_ => (108.29 + rnd.NextDouble() * 0.53, 27.58 + rnd.NextDouble() * 0.77)).ToList();
    }

    private async Task<List<(double X, double Y)>> Transform(List<(double Lon, double Lat)> pts, int from, int to)
    {
        await using var conn = new NpgsqlConnection(await pg.CreateDatabaseAsync("proj"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT ST_X(g), ST_Y(g) FROM (
              SELECT ST_Transform(ST_SetSRID(ST_MakePoint(x, y), @from), @to) AS g, ord
              FROM unnest(@xs, @ys) WITH ORDINALITY AS t(x, y, ord)) s ORDER BY ord
            """, conn);
        cmd.Parameters.AddWithValue("from", from);
        cmd.Parameters.AddWithValue("to", to);
        cmd.Parameters.AddWithValue("xs", pts.Select(p => p.Lon).ToArray());
        cmd.Parameters.AddWithValue("ys", pts.Select(p => p.Lat).ToArray());
        var list = new List<(double, double)>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add((r.GetDouble(0), r.GetDouble(1)));
        return list;
    }

    [Fact]
    public async Task Gauss_kruger_agrees_with_postgis_to_the_millimetre()
    {
        var pts = Points();
        var reference = await Transform(pts, 4490, 4545);
        for (var i = 0; i < pts.Count; i++)
        {
            var (x, y) = GaussKruger.Project(pts[i].Lon, pts[i].Lat);
            Assert.True(Math.Abs(x - reference[i].X) < 0.001 && Math.Abs(y - reference[i].Y) < 0.001,
                $"point {i}: ours ({x}, {y}) PostGIS ({reference[i].X}, {reference[i].Y})");
        }
    }

    [Fact]
    public async Task Gauss_kruger_inverse_agrees_with_postgis()
    {
        var projected = Points().Select(p => GaussKruger.Project(p.Lon, p.Lat)).Select(p => (p.X, p.Y)).ToList();
        var reference = await Transform(projected, 4545, 4490);
        for (var i = 0; i < projected.Count; i++)
        {
            var (lon, lat) = GaussKruger.Unproject(projected[i].Item1, projected[i].Item2);
            Assert.Equal(reference[i].X, lon, 1e-8);
            Assert.Equal(reference[i].Y, lat, 1e-8);
        }
    }

    [Fact]
    public async Task Web_mercator_agrees_with_postgis()
    {
        var pts = Points();
        var reference = await Transform(pts, 4326, 3857);
        for (var i = 0; i < pts.Count; i++)
        {
            var (x, y) = WebMercator.Project(pts[i].Lon, pts[i].Lat);
            Assert.Equal(reference[i].X, x, 0.001);
            Assert.Equal(reference[i].Y, y, 0.001);
        }
    }

    [Fact]
    public async Task Cgcs2000_and_wgs84_are_the_same_in_postgis_too()
    {
        // Documented assumption: EPSG:4490 = EPSG:4326 at our accuracy. PostGIS applies no shift either.
        var pts = Points().Take(20).ToList();
        var reference = await Transform(pts, 4326, 4490);
        for (var i = 0; i < pts.Count; i++)
        {
            Assert.Equal(pts[i].Lon, reference[i].X, 1e-7);
            Assert.Equal(pts[i].Lat, reference[i].Y, 1e-7);
        }
    }
}
