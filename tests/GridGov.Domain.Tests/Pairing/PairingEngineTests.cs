using GridGov.Domain.Cadres;
using GridGov.Domain.Households;
using GridGov.Domain.Linking;
using GridGov.Domain.Pairing;

namespace GridGov.Domain.Tests.Pairing;

public class PairingEngineTests
{
    private static PairingHousehold Poor(string id, double x, double y, PovertyStatus s = PovertyStatus.Monitored) => new(id, x, y, s);

    [Fact]
    public void Default_quotas_are_64321_in_the_models_rank_order()
    {
        var q = PairingQuotas.Default;
        Assert.Equal([6, 4, 3, 2, 1], [q.For(CadreRank.County), q.For(CadreRank.Section), q.For(CadreRank.General), q.For(CadreRank.Village), q.For(null)]);
        Assert.Equal("64321", q.ToString());
        Assert.Null(PairingQuotas.From([6, 4, 3, 2]));
        Assert.Null(PairingQuotas.From([6, 4, 3, 2, 21]));
        Assert.Equal(new PairingQuotas(8, 5, 3, 2, 0), PairingQuotas.From([8, 5, 3, 2, 0]));
    }

    [Fact]
    public void Quotas_by_rank_bound_each_cadre_and_the_rest_are_reported()
    {
        // A 村干部 (2) and a 科级 cadre (4) for eight households: six paired, two reported as QUOTAS_FULL.
        var instance = new PairingInstance
        {
            Cadres = [new("village", CadreRank.Village), new("section", CadreRank.Section)],
            Households = [.. Enumerable.Range(0, 8).Select(i => Poor($"h{i}", i * 100, 0))],
        };
        var r = PairingEngine.Solve(instance);
        Assert.Equal(2, r.Pairings.Count(p => p.CadreId == "village"));
        Assert.Equal(4, r.Pairings.Count(p => p.CadreId == "section"));
        Assert.Equal(2, r.Unpaired.Count);
        Assert.All(r.Unpaired, u => Assert.Equal(UnpairedReason.QuotasFull, u.Reason));
    }

    [Fact]
    public void Only_poor_lifted_out_and_monitored_households_are_paired()
    {
        var instance = new PairingInstance
        {
            Cadres = [new("c", CadreRank.County)],
            Households = [Poor("none", 0, 0, PovertyStatus.None), Poor("poor", 0, 0, PovertyStatus.Poor),
                Poor("lifted", 0, 0, PovertyStatus.LiftedOut), Poor("monitored", 0, 0, PovertyStatus.Monitored)],
        };
        Assert.Equal(["lifted", "monitored", "poor"], PairingEngine.Solve(instance).Pairings.Select(p => p.HouseholdId).Order());
    }

    [Fact]
    public void A_cadres_households_gather_in_one_hamlet()
    {
        // Two hamlets 4 km apart, three houses each; two 一般干部 (quota 3) without pairings yet.
        var west = Enumerable.Range(0, 3).Select(i => Poor($"w{i}", i * 50, 0));
        var east = Enumerable.Range(0, 3).Select(i => Poor($"e{i}", 4000 + i * 50, 0));
        var instance = new PairingInstance
        {
            Cadres = [new("a", CadreRank.General), new("b", CadreRank.General)],
            Households = [.. west, .. east],
        };
        var r = PairingEngine.Solve(instance);
        Assert.Equal(6, r.Pairings.Count);
        foreach (var cadre in new[] { "a", "b" })
        {
            var hamlets = r.Pairings.Where(p => p.CadreId == cadre).Select(p => p.HouseholdId[0]).Distinct().ToList();
            Assert.Single(hamlets);
        }
    }

    [Fact]
    public void Existing_pairings_are_kept_unless_a_rebalance_is_asked()
    {
        // h0 is paired with the far cadre: keeping it costs 2 km · 2 = 4 points < Keep 5, so it stays.
        var instance = new PairingInstance
        {
            Cadres = [new("near", CadreRank.County), new("far", CadreRank.County)],
            Households = [Poor("h0", 0, 0), Poor("h1", 2000, 0)],
            Current = [new("far", "h0"), new("far", "h1")],
        };
        var anchors = new Dictionary<string, Anchor> { ["near"] = new(0, 0), ["far"] = new(2000, 0) };
        var kept = PairingEngine.SolveForAnchors(instance, anchors);
        Assert.All(kept.Pairings, p => Assert.Equal("far", p.CadreId));
        Assert.All(kept.Pairings, p => Assert.True(p.Kept));

        var rebalanced = PairingEngine.SolveForAnchors(instance with { Settings = new PairingSettings { Rebalance = true } }, anchors);
        Assert.Equal("near", rebalanced.Pairings.Single(p => p.HouseholdId == "h0").CadreId);
        var diff = PairingDiff.Compute(instance.Current, rebalanced);
        Assert.Equal(LinkChangeKind.Moved, diff.Single(c => c.HouseholdId == "h0").Kind);
        Assert.Equal(LinkChangeKind.Kept, diff.Single(c => c.HouseholdId == "h1").Kind);
    }

    [Fact]
    public void Without_cadres_every_household_is_reported_and_a_departed_cadres_pairing_is_removed()
    {
        var instance = new PairingInstance { Households = [Poor("h0", 0, 0)], Current = [new("gone", "h0")] };
        var r = PairingEngine.Solve(instance);
        Assert.Empty(r.Pairings);
        Assert.Equal(UnpairedReason.NoCadre, Assert.Single(r.Unpaired).Reason);
        Assert.Equal(LinkChangeKind.Removed, Assert.Single(PairingDiff.Compute(instance.Current, r)).Kind);
    }
}
