using GridGov.Domain.Cadres;
using GridGov.Domain.Pairing;

namespace GridGov.Sample.Tests;

/// <summary>Issue 13: the sample's cadres have ranks, logins (first secretaries) and pairings made by the pairing engine.</summary>
public class PairingSampleTests
{
    private static SampleData Data => Samples.Small;

    /// <summary>The login README.md names (a deep-poverty village's first secretary).</summary>
    public const string DocumentedLogin = "cadre-520625001216";

    [Fact]
    public void Cadres_have_plausible_ranks_and_first_secretaries_have_logins()
    {
        var ranks = Data.Cadres.Rows.Select(c => c.Rank).ToList();
        Assert.True(ranks.Distinct().Count() >= 3, string.Join(",", ranks.Distinct()));
        Assert.All(ranks.Where(r => r is not null), r => Assert.NotNull(CadreRanks.Parse(r)));
        var firstSecretaries = Data.Cadres.Rows.Where(c => c.Kind == "first_secretary").ToList();
        Assert.Equal(firstSecretaries.Select(c => "cadre-" + c.VillageCode).Order(), Data.CadreUsers.Rows.Select(u => u.Username).Order());
        Assert.All(Data.CadreUsers.Rows, u =>
        {
            var cadre = Data.Cadres.Rows.Single(c => c.Id == u.CadreId);
            Assert.Equal(("cadre", cadre.VillageCode), (u.Role, u.AreaCode));
        });
        Assert.Contains(Data.CadreUsers.Rows, u => u.Username == DocumentedLogin);
        Assert.Empty(Data.Users.Rows.Select(u => u.Id).Intersect(Data.CadreUsers.Rows.Select(u => u.Id)));
    }

    [Fact]
    public void Pairings_keep_to_the_village_the_poor_and_the_64321_quotas()
    {
        var households = Data.Households.Rows.ToDictionary(h => h.Id);
        var cadres = Data.Cadres.Rows.ToDictionary(c => c.Id);
        Assert.NotEmpty(Data.Pairings.Rows);
        Assert.Equal(Data.Pairings.Rows.Count, Data.Pairings.Rows.Select(p => p.HouseholdId).Distinct().Count());
        foreach (var p in Data.Pairings.Rows)
        {
            Assert.Equal(p.VillageCode, households[p.HouseholdId].VillageCode);
            Assert.Equal(p.VillageCode, cadres[p.CadreId].VillageCode);
            Assert.NotEqual("none", households[p.HouseholdId].PovertyStatus);
        }
        foreach (var c in Data.Cadres.Rows)
        {
            var quota = PairingQuotas.Default.For(CadreRanks.Parse(c.Rank));
            var poor = Data.Households.Rows.Count(h => h.VillageCode == c.VillageCode && h.PovertyStatus != "none");
            var paired = Data.Pairings.Rows.Count(p => p.CadreId == c.Id);
            Assert.True(paired <= quota, $"cadre {c.Id} has {paired} > {quota}");
            // Count first: a cadre below quota means every poor household of the village is paired.
            if (paired < quota)
                Assert.Equal(poor, Data.Pairings.Rows.Count(p => p.VillageCode == c.VillageCode));
        }
    }
}
