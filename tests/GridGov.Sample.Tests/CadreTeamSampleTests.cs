using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using GridGov.Persistence;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Sample.Tests;

/// <summary>
/// Issue 13: some deep-poverty villages of the sample have a 驻村工作队 besides the 第一书记 — one 驻村工作队长 and one or two
/// 队员 — and every cadre's postings obey the domain's posting rules once loaded.
/// </summary>
[Collection("postgis")]
public class CadreTeamSampleTests(PostgisFixture fixture)
{
    private static SampleData Data => Samples.Small;

    [Fact]
    public void Some_deep_poverty_villages_have_a_work_team_with_one_leader_besides_the_first_secretary()
    {
        var byVillage = Data.Cadres.Rows.GroupBy(c => c.VillageCode).ToDictionary(g => g.Key, g => g.ToList());
        var deep = Data.Areas.Rows.Where(a => a.IsDeepPoverty).Select(a => a.Code).ToHashSet();
        var teams = byVillage.Where(v => v.Value.Any(c => c.Kind == "team_leader")).ToList();
        Assert.InRange(teams.Count, 2, deep.Count - 2); // some, not all
        foreach (var (village, cadres) in teams)
        {
            Assert.Contains(village, deep);
            Assert.Single(cadres, c => c.Kind == "team_leader");
            Assert.Single(cadres, c => c.Kind == "first_secretary");
            Assert.Contains(cadres, c => c.Kind == "resident_cadre");
            // The team's people are their own: nobody is both 第一书记 and 队长.
            Assert.Equal(cadres.Count, cadres.Select(c => c.PersonId).Distinct().Count());
        }
        // Leaders carry a rank, as the quotas and the ranking read it, mostly 科级 or 一般干部.
        var leaders = teams.SelectMany(t => t.Value).Where(c => c.Kind == "team_leader").ToList();
        Assert.True(leaders.Count(c => c.Rank is "section" or "general") * 2 >= leaders.Count);
    }

    [Fact]
    public async Task Loaded_postings_obey_the_domains_posting_rules()
    {
        var cs = await LoadedSample.GetAsync(fixture);
        await using var db = new GridGovDbContext(GridGovDb.Options(cs));
        var cadres = await db.Cadres.AsNoTracking().Include(c => c.Postings).ToListAsync();
        Assert.Equal(Data.Cadres.Count, cadres.Count);
        Assert.Contains(cadres, c => c.Kind == CadreKind.TeamLeader);
        foreach (var c in cadres)
        {
            // Every posting against the cadre's others, by the rule the API and the roster import apply (Cadre.ConflictOf).
            Assert.NotEmpty(c.Postings);
            Assert.All(c.Postings, p => Assert.Equal(PostingConflict.None, c.ConflictOf(p.VillageCode, p.From, p.To, except: p)));
            Assert.Contains(c.Postings, p => p.VillageCode == c.VillageCode && p.InForceOn(Samples.AsOf));
        }
        // Each person serves as one cadre: a 第一书记 in one village only, whatever other rows say.
        var people = cadres.GroupBy(c => c.PersonId).Where(g => g.Count() > 1).ToList();
        Assert.Empty(people);
    }
}
