using System.Net;
using GridGov.Domain.Access;
using GridGov.Domain.Import;
using GridGov.Import;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// A county that exists only because its files were imported works like the sample: its leader
/// logs in and reads coverage and tiles, its secretary runs linking, and another county stays apart.
/// </summary>
public class ImportedCountyTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private static async Task ImportAllAsync(string cs, TestCountyFiles f)
    {
        foreach (var (kind, path) in new[] { (ImportKind.Areas, f.Areas()), (ImportKind.Boundaries, f.Boundaries()),
                     (ImportKind.Households, f.Households()), (ImportKind.Members, f.Members()), (ImportKind.Ties, f.Ties()),
                     (ImportKind.Cells, f.Cells()), (ImportKind.Links, f.Links()) })
        {
            var r = await Importer.RunAsync(cs, new ImportRequest { Kind = kind, Path = path, CountyCode = f.CountyCode, Actor = "test" });
            Assert.True(r.Committed, $"{kind}: {string.Join("; ", r.Errors.Select(e => e.Message))}");
        }
    }

    private static (int X, int Y) Tile(int z, double lon, double lat)
    {
        var n = 1 << z;
        var rad = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n));
    }

    [Fact]
    public async Task Its_leader_reads_coverage_and_tiles_and_its_secretary_runs_linking()
    {
        var cs = await pg.CreateDatabaseAsync("imported");
        var other = new TestCountyFiles("522298", 108.30);
        var f = new TestCountyFiles("522299", 108.60);
        await ImportAllAsync(cs, other);
        await ImportAllAsync(cs, f);
        await ApiClient.AddUserAsync(cs, "leader-522299", Role.CountyLeader, f.CountyCode);
        await ApiClient.AddUserAsync(cs, "sec-east", Role.BranchSecretary, f.VillageEast);
        await using var factory = new ApiFactory(cs);

        var leader = await factory.LoginAsync("leader-522299");
        const string Coverage = """
            query($a: String!) { coverage(areaCode: $a) { households linkedHouseholds children { areaCode name households } } }
            """;
        var before = await leader.GraphQLAsync(Coverage, new { a = f.CountyCode });
        Assert.False(before.HasErrors, before.ToString());
        var cov = before.Data.GetProperty("coverage");
        Assert.Equal(40, cov.GetProperty("households").GetInt32());
        Assert.Equal(7, cov.GetProperty("linkedHouseholds").GetInt32());
        Assert.Equal(["甲镇", "乙乡"], cov.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order().Reverse().ToArray());
        // The other county is not theirs.
        Assert.Equal("FORBIDDEN", (await leader.GraphQLAsync(Coverage, new { a = other.CountyCode })).FirstCode);

        // The coverage map's tiles carry the imported villages and houses.
        var (x, y) = Tile(13, f.Lon0 + 0.015, 27.63);
        var villages = await leader.GetAsync($"/tiles/villages/13/{x}/{y}.pbf");
        Assert.Equal(HttpStatusCode.OK, villages.StatusCode);
        Assert.True((await villages.Content.ReadAsByteArrayAsync()).Length > 50);
        var houses = await leader.GetAsync($"/tiles/households/13/{x}/{y}.pbf");
        Assert.Equal(HttpStatusCode.OK, houses.StatusCode);

        // Linking on the imported village: the proposal links more households, and applying it shows in coverage.
        var secretary = await factory.LoginAsync("sec-east");
        var proposal = await secretary.GraphQLAsync($$"""mutation { proposeLinks(villageCode: "{{f.VillageEast}}") { id linkedBefore linkedAfter } }""");
        Assert.False(proposal.HasErrors, proposal.ToString());
        var p = proposal.Data.GetProperty("proposeLinks");
        Assert.Equal(6, p.GetProperty("linkedBefore").GetInt32());
        Assert.True(p.GetProperty("linkedAfter").GetInt32() > 6, proposal.ToString());
        var applied = await secretary.GraphQLAsync($$"""mutation { applyLinkProposal(id: {{p.GetProperty("id").GetString()}}) { status } }""");
        Assert.False(applied.HasErrors, applied.ToString());
        var after = (await leader.GraphQLAsync(Coverage, new { a = f.CountyCode })).Data.GetProperty("coverage");
        Assert.Equal(7 - 6 + p.GetProperty("linkedAfter").GetInt32(), after.GetProperty("linkedHouseholds").GetInt32());
    }
}
