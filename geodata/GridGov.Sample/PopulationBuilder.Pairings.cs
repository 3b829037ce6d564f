using GridGov.Domain.Households;
using GridGov.Domain.Pairing;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    private long _pairingId;

    /// <summary>
    /// 职级 of a sample cadre, spread as counties send them: first secretaries and work-team leaders mostly 科级 (section) with some 一般干部;
    /// resident cadres mostly 一般干部, some 科级 and 村干部. A few of each have no rank recorded yet (quota 1).
    /// </summary>
    private static string? SampleRank(string kind, Rng rng)
    {
        var r = rng.Next();
        return kind is "first_secretary" or "team_leader"
            ? r < 0.55 ? "section" : r < 0.9 ? "general" : r < 0.95 ? "county" : null
            : r < 0.5 ? "general" : r < 0.7 ? "section" : r < 0.95 ? "village" : null;
    }

    /// <summary>
    /// 结对帮扶 for every village with cadres, made by the product's pairing engine with the default 「64321」 and weights,
    /// as proposePairings then applyPairingProposal would (docs/pairing.md). Poor households of villages without cadres,
    /// or beyond the quotas, stay unpaired: the coverage figures show them.
    /// </summary>
    private void BuildPairings(List<House>[] villageHouses)
    {
        var status = data.Households.Rows.ToDictionary(h => h.Id, h => h.PovertyStatus);
        foreach (var group in data.Cadres.Rows.GroupBy(c => c.VillageCode))
        {
            var v = villages.First(x => x.Source.Code == group.Key);
            var instance = new PairingInstance
            {
                Cadres = [.. group.Select(c => new PairingCadre(c.Id.ToString(), GridGov.Domain.Cadres.CadreRanks.Parse(c.Rank)))],
                Households = [.. villageHouses[v.Index].Where(h => status[h.Id] != "none")
                    .Select(h => new PairingHousehold(h.Id.ToString(), h.M.X, h.M.Y, ParseStatus(status[h.Id])))],
            };
            var from = group.ToDictionary(c => c.Id.ToString(), c => c.AssignedFrom);
            foreach (var p in PairingEngine.Solve(instance).Pairings)
                data.Pairings.Rows.Add(new CadrePairingRow(++_pairingId, long.Parse(p.CadreId), long.Parse(p.HouseholdId), group.Key,
                    Cst(from[p.CadreId].AddDays(14), 9, 0)));
        }
    }

    private static PovertyStatus ParseStatus(string text) => text switch
    {
        "poor" => PovertyStatus.Poor,
        "lifted_out" => PovertyStatus.LiftedOut,
        "monitored" => PovertyStatus.Monitored,
        _ => PovertyStatus.None,
    };
}
