using GridGov.Domain.Geo;
using GridGov.Domain.Linking;

namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>
    /// Current links come from the product's own <see cref="LinkingEngine"/> with the default settings
    /// (capacity 8, 3 km, never the member's own household), so the sample obeys the rules it is shown
    /// with: a proposal on an untouched village can only keep or raise the linked count. A few links are
    /// then left out (gaps to find) and a few locked; some households carry an ended earlier link.
    /// </summary>
    private void BuildLinks(List<House> houses, List<Member> members, Rng rng)
    {
        // The coordinates the API's loader will see: storage points projected back, not the builder's own metres.
        static (double X, double Y) Plane(NetTopologySuite.Geometries.Point p) => GaussKruger.Project(p.X, p.Y);
        var instance = new LinkingInstance
        {
            Settings = LinkingSettings.Default,
            Members = [.. members.Select(m =>
            {
                var (x, y) = Plane(m.Home.P);
                return new LinkingMember(m.Id.ToString(), x, y, m.Capacity, m.Status == "migrant", m.Home.Id.ToString());
            })],
            Households = [.. houses.Select(h =>
            {
                var (x, y) = Plane(h.P);
                return new LinkingHousehold(h.Id.ToString(), x, y);
            })],
            Ties = [.. houses.SelectMany(h => _tiesByHouse.GetValueOrDefault(h.Id) ?? [])
                .Select(t => new LinkingTie(t.M.Id.ToString(), t.HouseId.ToString(), TieKindOf(t.Kind), t.Origin == "inferred"))],
        };
        var result = LinkingEngine.Solve(instance);
        var memberById = members.ToDictionary(m => m.Id);
        var houseById = houses.ToDictionary(h => h.Id);
        foreach (var p in result.Links)
        {
            if (rng.Chance(0.07)) continue; // not yet linked: shows up as a gap
            var best = memberById[long.Parse(p.MemberId)];
            var h = houseById[long.Parse(p.HouseholdId)];
            var basis = p.Basis.ToString().ToLowerInvariant();
            // The relation a secretary would quote: the declared tie of the basis kind, as linkHousehold words it.
            var relation = (_tiesByHouse.GetValueOrDefault(h.Id) ?? [])
                .Where(t => t.M == best && t.Kind == basis).OrderBy(t => t.Origin == "declared" ? 0 : 1)
                .Select(t => t.Relation).FirstOrDefault();
            var dist = Math.Round(p.DistanceMeters, 1);
            var locked = rng.Chance(0.03);
            best.Load++;
            best.Linked.Add(h.Id);
            var from = Cst(_asOf.AddDays(-rng.Int(120, 900)), 10, rng.Int(0, 59));
            // A few households had another member before: history with who ended it and why.
            if (rng.Chance(0.04))
            {
                var prev = members[rng.Int(members.Count)];
                if (prev != best && prev.Home != h)
                {
                    var prevFrom = from.AddDays(-rng.Int(200, 800));
                    var prevDist = Math.Round(prev.Home.M.Distance(h.M), 1);
                    data.Links.Rows.Add(new LinkRow(++_linkId, prev.Id, h.Id, prevFrom, from, "proximity", false,
                        prevDist, LinkWording.Explain(Domain.Links.LinkBasis.Proximity, null, prevDist, false),
                        SampleBuilder.CreatedBy, SampleBuilder.CreatedBy, rng.Pick(Vocabulary.LinkEndReasons)));
                }
            }
            data.Links.Rows.Add(new LinkRow(++_linkId, best.Id, h.Id, from, null, basis, locked, dist,
                LinkWording.Explain(p.Basis, relation, dist, false), SampleBuilder.CreatedBy, null, null));
        }
    }

    private static Domain.Links.TieKind TieKindOf(string kind) => kind switch
    {
        "blood" => Domain.Links.TieKind.Blood,
        "marriage" => Domain.Links.TieKind.Marriage,
        _ => Domain.Links.TieKind.Social,
    };
}
