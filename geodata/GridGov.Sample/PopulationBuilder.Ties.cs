namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    private readonly Dictionary<long, List<(Member M, long HouseId, string Kind, string Origin, string Relation)>> _tiesByHouse = new();

    private void AddTie(Member m, House h, string kind, string origin, string relation, string? note, HashSet<(long, long, string)> seen, Rng rng)
    {
        if (!seen.Add((m.Id, h.Id, kind))) return;
        data.Ties.Rows.Add(new TieRow(++_tieId, m.Id, h.Id, kind, origin, relation, note, _now.AddDays(-rng.Int(60, 1100))));
        if (!_tiesByHouse.TryGetValue(h.Id, out var l)) _tiesByHouse[h.Id] = l = [];
        l.Add((m, h.Id, kind, origin, relation));
    }

    /// <summary>
    /// Each member's declared and inferred ties. The choices are those of the plain reading this replaced (the oracle of
    /// VillageHousesTests): shuffle the member's kin group and take a few; pick in-laws among the village's houses of
    /// another surname; the one or two nearest houses by distance, equal distances in house order; a random friend. They are made with the same draws in the same order, so the sample is the same house for house;
    /// only the search is indexed (<see cref="VillageHouses"/>), so that ten times the households is not a hundred times
    /// the work. The kin shuffle still draws once per house of the kin group, as the plain one did.
    /// </summary>
    private void BuildTies(List<House> houses, List<Member> members, Rng rng)
    {
        var seen = new HashSet<(long, long, string)>();
        var index = new VillageHouses(houses);
        var order = new int[index.LargestKinGroup];
        foreach (var m in members)
        {
            // Blood: same lineage in the same natural village; most declared, some only inferred from the surname.
            var (kin, homeAt) = index.KinOf(m.Home);
            var n = kin.Length - 1; // the kin group without the member's own house
            rng.ShuffleOrder(order.AsSpan(0, n));
            var take = Math.Min(rng.Int(1, 5), n);
            for (var i = 0; i < take; i++)
            {
                var h = houses[kin[order[i] < homeAt ? order[i] : order[i] + 1]];
                if (rng.Chance(0.8)) AddTie(m, h, "blood", "declared", rng.Pick(Vocabulary.BloodRelations), null, seen, rng);
                else AddTie(m, h, "blood", "inferred", "同姓同组", "同一自然村同姓，推断为同宗", seen, rng);
            }
            // Marriage: in-laws of another surname anywhere in the village.
            var inLaws = index.OtherSurnameCount(m.Home.Surname);
            for (var i = rng.Int(0, 2); i > 0 && inLaws > 0; i--)
                AddTie(m, houses[index.OtherSurnameAt(m.Home.Surname, rng.Int(inLaws))], "marriage", "declared",
                    rng.Pick(Vocabulary.MarriageRelations), null, seen, rng);
            // Social: nearest neighbours and a friend.
            foreach (var h in index.Nearest(m.Home, rng.Int(1, 2)))
                AddTie(m, houses[h], "social", "declared", "邻居", null, seen, rng);
            if (rng.Chance(0.4) && houses.Count > 1 && houses[rng.Int(houses.Count)] is var friend && friend != m.Home)
                AddTie(m, friend, "social", rng.Chance(0.85) ? "declared" : "inferred", rng.Pick(Vocabulary.SocialRelations), null, seen, rng);
        }
    }
}
