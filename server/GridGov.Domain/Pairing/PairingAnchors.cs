namespace GridGov.Domain.Pairing;

/// <summary>
/// Where each cadre's households should gather. Cadres have no home in the village, so the distance term
/// is measured from an anchor: the centroid of the cadre's current pairings; for a cadre without any, a
/// seed spread over the village (the household farthest from every anchor placed so far, cadres in id
/// order, ties by household id), later moved to the centroid of what the cadre got (<see cref="PairingEngine"/>).
/// </summary>
public static class PairingAnchors
{
    /// <summary>Initial anchors, and the ids of cadres whose anchor is a seed (free to move).</summary>
    public static (Dictionary<string, Anchor> Anchors, HashSet<string> Free) Initial(PairingInstance instance, IReadOnlyList<PairingHousehold> households)
    {
        var byId = households.ToDictionary(h => h.Id, StringComparer.Ordinal);
        var anchors = new Dictionary<string, Anchor>(StringComparer.Ordinal);
        var free = new HashSet<string>(StringComparer.Ordinal);
        var cadres = instance.Cadres.Select(c => c.Id).Order(StringComparer.Ordinal).ToList();
        foreach (var c in cadres)
        {
            var mine = instance.Current.Where(p => p.CadreId == c && byId.ContainsKey(p.HouseholdId)).Select(p => byId[p.HouseholdId]).ToList();
            if (mine.Count > 0) anchors[c] = Centroid(mine);
        }
        var ordered = households.OrderBy(h => h.Id, StringComparer.Ordinal).ToList();
        var centre = ordered.Count > 0 ? Centroid(ordered) : new Anchor(0, 0);
        foreach (var c in cadres.Where(c => !anchors.ContainsKey(c)))
        {
            free.Add(c);
            if (ordered.Count == 0) { anchors[c] = centre; continue; }
            var placed = anchors.Values.ToList();
            PairingHousehold? best = null;
            var bestDistance = double.NegativeInfinity;
            foreach (var h in ordered)
            {
                var d = placed.Count == 0 ? Distance(centre, h) : placed.Min(a => Distance(a, h));
                if (d > bestDistance) { best = h; bestDistance = d; }
            }
            anchors[c] = new Anchor(best!.X, best.Y);
        }
        return (anchors, free);
    }

    public static Anchor Centroid(IReadOnlyCollection<PairingHousehold> houses) =>
        new(houses.Average(h => h.X), houses.Average(h => h.Y));

    public static double Distance(Anchor a, PairingHousehold h) =>
        Math.Sqrt((a.X - h.X) * (a.X - h.X) + (a.Y - h.Y) * (a.Y - h.Y));
}
