using GridGov.Domain.Geo;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace GridGov.Sample.Tests;

public class BuildTests
{
    private static SampleData Data => Samples.Small;

    [Fact]
    public void Has_the_real_county_townships_and_villages()
    {
        Assert.Single(Data.Areas.Rows, a => a.Level == "county" && a.Code == "520625000000" && a.Name == "印江土家族苗族自治县");
        Assert.Equal(17, Data.Areas.Rows.Count(a => a.Level == "township"));
        Assert.Equal(377, Data.Areas.Rows.Count(a => a.Level == "village"));
        Assert.All(Data.Areas.Rows.Where(a => a.Level != "county"), a => Assert.Equal("synthetic", a.BoundarySource));
        Assert.Contains(Data.Areas.Rows, a => a.Code == "520625104000" && a.Name == "木黄镇");
    }

    [Theory]
    [InlineData("village")]
    [InlineData("township")]
    public void Areas_form_an_exact_coverage_of_the_county(string level)
    {
        var polys = Data.Areas.Rows.Where(a => a.Level == level).Select(a => (Geometry)a.Boundary!).ToArray();
        Assert.All(CoverageValidator.Validate(polys), Assert.Null);

        var county = CoordinateConverter.ToMetric(Data.Areas.Rows.Single(a => a.Level == "county").Boundary!);
        var metric = polys.Select(CoordinateConverter.ToMetric).ToArray();
        var union = CoverageUnion.Union(metric);
        Assert.Equal(county.Area, union.Area, 1.0);
        Assert.Equal(county.Area, metric.Sum(p => p.Area), county.Area * 1e-9);
        Assert.InRange(county.Area / 1e6, 1940, 2000); // official 1,969 km²
        Assert.True(union.SymmetricDifference(county).Area < 1.0);
    }

    [Fact]
    public void Known_points_lie_in_their_village_and_township()
    {
        var byCode = Data.Areas.Rows.ToDictionary(a => a.Code);
        var withPoint = Data.Areas.Rows.Where(a => a.Level != "county" && a.KnownPoint is not null).ToList();
        Assert.Equal(16 + 23, withPoint.Count); // 16 township centres, 24 village points less one contradictory duplicate
        foreach (var a in withPoint)
        {
            Assert.True(a.Boundary!.Contains(a.KnownPoint!), a.Name);
            if (a.Level == "village") Assert.True(byCode[a.ParentCode!].Boundary!.Contains(a.KnownPoint!), a.Name);
        }
    }

    [Fact]
    public void Every_house_is_inside_its_village_and_its_cell()
    {
        var villages = Data.Areas.Rows.Where(a => a.Level == "village")
            .ToDictionary(a => a.Code, a => new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(a.Boundary!));
        var cells = Data.Cells.Rows.ToDictionary(c => c.Id);
        foreach (var h in Data.Households.Rows)
        {
            Assert.Equal(Location.Interior, villages[h.VillageCode].Locate(h.Location.Coordinate));
            if (h.CellId is { } c) Assert.True(cells[c].Geometry.Contains(h.Location));
        }
        Assert.Equal(Samples.SmallHouseholds, Data.Households.Count);
    }

    [Fact]
    public void Rows_are_plausible_and_consistent()
    {
        var members = Data.Members.Rows.ToDictionary(m => m.Id);
        var households = Data.Households.Rows.ToDictionary(h => h.Id);
        Assert.All(Data.Households.Rows, h =>
        {
            Assert.InRange(h.Size, 1, 8);
            Assert.Matches("^520625[0-9]{11}[0-9X]$", h.IdNumber);
            Assert.Equal(Iso7064Mod11_2(h.IdNumber[..17]), h.IdNumber[17]);
            Assert.Matches("^1[3-9][0-9]{9}$", h.Phone);
        });
        // Links: same village, at most one current per household, ended ones have who ended them.
        Assert.All(Data.Links.Rows, l =>
        {
            Assert.Equal(members[l.MemberId].VillageCode, households[l.HouseholdId].VillageCode);
            if (l.ValidTo is { } to) { Assert.True(to > l.ValidFrom); Assert.NotNull(l.EndedBy); }
        });
        Assert.All(Data.Links.Rows.Where(l => l.ValidTo is null).GroupBy(l => l.HouseholdId), g => Assert.Single(g));
        Assert.Contains(Data.Links.Rows, l => l.ValidTo is not null);
        var linked = Data.Links.Rows.Count(l => l.ValidTo is null) / (double)Data.Households.Count;
        Assert.InRange(linked, 0.75, 0.97);
        Assert.All(Data.Ties.Rows, t => Assert.Equal(members[t.MemberId].VillageCode, households[t.HouseholdId].VillageCode));
        Assert.Equal(Data.Ties.Count, Data.Ties.Rows.Select(t => (t.MemberId, t.HouseholdId, t.Kind)).Distinct().Count());
        // Declarations: three past months, work dates in their month, some still submitted in the latest.
        var months = Data.Declarations.Rows.Select(d => d.Month).Distinct().Order().ToList();
        Assert.Equal([Samples.AsOf.AddMonths(-3), Samples.AsOf.AddMonths(-2), Samples.AsOf.AddMonths(-1)], months);
        Assert.All(Data.Declarations.Rows, d => Assert.Equal(d.Month, new DateOnly(d.WorkDate.Year, d.WorkDate.Month, 1)));
        Assert.Contains(Data.Declarations.Rows, d => d.Status == "submitted" && d.Month == months[^1]);
        Assert.DoesNotContain(Data.Declarations.Rows, d => d.Status == "submitted" && d.Month != months[^1]);
        Assert.Equal(Data.Declarations.Rows.Count(d => d.Status != "submitted"), Data.Reviews.Count);
        // One branch per village, its secretary a member of it, one sec- user per village.
        Assert.Equal(377, Data.Branches.Count);
        Assert.All(Data.Branches.Rows, b => Assert.Equal(b.VillageCode, members[b.SecretaryMemberId!.Value].VillageCode));
        Assert.Equal(377, Data.Users.Rows.Count(u => u.Username.StartsWith("sec-", StringComparison.Ordinal)));
        Assert.Equal(17, Data.Users.Rows.Count(u => u.Role == "township_leader"));
        Assert.All(Data.Users.Rows, u => Assert.Matches("^[a-z0-9][a-z0-9._-]*$", u.Username));
    }

    /// <summary>GB 11643-1999 check digit written out from the standard, not the product's ResidentId.</summary>
    private static char Iso7064Mod11_2(string body17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return "10X98765432"[sum % 11];
    }

    [Theory]
    [InlineData("11010519491231002", 'X')] // the standard's own example
    [InlineData("44052418800101001", '4')]
    public void The_tests_check_digit_matches_published_examples(string body, char digit) =>
        Assert.Equal(digit, Iso7064Mod11_2(body));

    [Fact]
    public void Same_seed_gives_the_same_checksum_and_another_seed_another()
    {
        var again = SampleBuilder.Build(Samples.Options());
        Assert.Equal(Data.Checksum(), again.Checksum());
        var other = SampleBuilder.Build(Samples.Options(seed: 7));
        Assert.NotEqual(Data.Checksum(), other.Checksum());
    }

    [Fact]
    public void A_missing_geodata_folder_fails_with_a_clear_message()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-geodata-" + Guid.NewGuid().ToString("N"));
        var ex = Assert.Throws<GeodataNotFoundException>(() => GeodataSource.ResolveFolder(missing, null, env: null));
        Assert.Contains(missing, ex.Message);
        Assert.Contains("GRIDGOV_GEODATA=/path ./gridgov up", ex.Message);
        var fromEnv = Assert.Throws<GeodataNotFoundException>(() => GeodataSource.ResolveFolder(null, null, env: missing));
        Assert.Contains("GRIDGOV_GEODATA", fromEnv.Message);
        // The command line is more specific than the environment: a good --geodata wins over a bad GRIDGOV_GEODATA.
        var good = GeodataSource.ResolveFolder(null);
        Assert.Equal(good, GeodataSource.ResolveFolder(good, null, env: missing));
    }

    [Fact]
    public async Task The_command_line_reports_a_missing_geodata_folder()
    {
        var missing = "/nonexistent/geodata-" + Guid.NewGuid().ToString("N");
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { Assert.Equal(1, await Cli.RunAsync(["checksum", "--geodata", missing])); }
        finally { Console.SetError(old); }
        Assert.Contains($"looked in {missing}", err.ToString());
    }
}
