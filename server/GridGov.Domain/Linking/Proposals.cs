using GridGov.Domain.Geo;
using GridGov.Domain.Links;

namespace GridGov.Domain.Linking;

/// <summary>The stored body of a proposal: every link explained, the diff, the unlinked households.</summary>
public sealed record ProposalDocument(
    string Kind,
    long? LeavingMemberId,
    int Households,
    int LinkedBefore,
    int LinkedAfter,
    double TotalScore,
    IReadOnlyList<ProposalLink> Links,
    IReadOnlyList<ProposalRemoval> Removed,
    IReadOnlyList<ProposalUnlinked> Unlinked,
    IReadOnlyList<MemberDelta> Members);

public sealed record ProposalLink(long MemberId, long HouseholdId, LinkBasis Basis, double DistanceMeters, double Score,
    double TieScore, double DistancePenalty, double ChangePenalty, bool Locked, string? Relation, string Explanation,
    LinkChangeKind Change, long? FromMemberId, double[] Home, double[] House)
{
    /// <summary>Member home → house in storage coordinates.</summary>
    public NetTopologySuite.Geometries.LineString Line() => CoordinateConverter.StorageFactory.CreateLineString(
        [new(Home[0], Home[1]), new(House[0], House[1])]);
}

public sealed record ProposalRemoval(long HouseholdId, long FromMemberId);

public sealed record ProposalUnlinked(long HouseholdId, UnlinkedReason Reason);

/// <summary>
/// A linking proposal for a village as stored: the engine's answer with every link explained, the
/// diff against today's links, and the households left unlinked. Nothing is saved here.
/// </summary>
public static class ProposalBuilder
{
    /// <param name="stored">The village as stored (its current and locked links included).</param>
    /// <param name="ties">Ties by (member, household), to name the relation behind a link.</param>
    /// <param name="leavingMemberId">For a transfer: the member whose households are placed; nobody else moves.</param>
    public static ProposalDocument Build(LinkingInstance stored, IReadOnlyDictionary<(long Member, long Household), IReadOnlyList<Tie>> ties,
        long? leavingMemberId)
    {
        var instance = leavingMemberId is { } leaving ? TransferInstance(stored, leaving.ToString()) : stored;
        return BuildFrom(stored, instance, ties, leavingMemberId is null ? "village" : "transfer", leavingMemberId);
    }

    /// <summary>
    /// A transfer after the member's links have already ended (died, left, moved to another branch): the
    /// <paramref name="released"/> households — theirs until now, unlinked in <paramref name="stored"/> — are placed
    /// with the village's other members, every other link stays, and what cannot be placed is reported unlinked.
    /// </summary>
    public static ProposalDocument BuildHandover(LinkingInstance stored, IReadOnlyDictionary<(long Member, long Household), IReadOnlyList<Tie>> ties,
        long leavingMemberId, IReadOnlyCollection<long> released) =>
        BuildFrom(stored, HandoverInstance(stored, released.Select(h => h.ToString()).ToHashSet()), ties, "transfer", leavingMemberId);

    private static ProposalDocument BuildFrom(LinkingInstance stored, LinkingInstance instance,
        IReadOnlyDictionary<(long Member, long Household), IReadOnlyList<Tie>> ties, string kind, long? leavingMemberId)
    {
        var result = LinkingEngine.Solve(instance);
        var diff = ProposalDiff.Compute(stored.Current, result);
        var changeOf = diff.Changes.ToDictionary(c => c.HouseholdId);
        var memberXy = instance.Members.ToDictionary(m => m.Id, m => Lonlat(m.X, m.Y));
        var houseXy = instance.Households.ToDictionary(h => h.Id, h => Lonlat(h.X, h.Y));
        // A transfer holds every other link in place as "locked"; only the secretary's locks are shown as such.
        var lockedBySecretary = stored.Locked.Select(l => l.HouseholdId).ToHashSet();
        var links = result.Links.Select(l =>
        {
            var m = long.Parse(l.MemberId);
            var h = long.Parse(l.HouseholdId);
            var relation = ties.GetValueOrDefault((m, h))?.OrderBy(t => t.Origin).FirstOrDefault(t =>
                l.Basis.ToString() == t.Kind.ToString() && !string.IsNullOrEmpty(t.Relation))?.Relation;
            var change = changeOf[l.HouseholdId];
            return new ProposalLink(m, h, l.Basis, Math.Round(l.DistanceMeters, 1), Math.Round(l.Score, 3), l.TieScore,
                Math.Round(l.DistancePenalty, 3), l.ChangePenalty,
                lockedBySecretary.Contains(l.HouseholdId), relation,
                LinkWording.Explain(l.Basis, relation, l.DistanceMeters, lockedBySecretary.Contains(l.HouseholdId)), change.Kind,
                change.FromMember is null ? null : long.Parse(change.FromMember), memberXy[l.MemberId], houseXy[l.HouseholdId]);
        }).ToList();
        var doc = new ProposalDocument(
            kind, leavingMemberId,
            instance.Households.Count, stored.Current.Count, result.LinkedCount,
            Math.Round(links.Sum(l => l.Score), 3), links,
            diff.Changes.Where(c => c.Kind == LinkChangeKind.Removed).Select(c => new ProposalRemoval(long.Parse(c.HouseholdId), long.Parse(c.FromMember!))).ToList(),
            result.Unlinked.Select(u => new ProposalUnlinked(long.Parse(u.HouseholdId), u.Reason)).ToList(),
            diff.Members);
        return doc;
    }

    /// <summary>
    /// A transfer changes nobody else: the leaving member takes nothing, every other current link is
    /// kept (locked, with capacity raised to what the member already holds), households without a
    /// link stay out, and only the leaving member's households are placed.
    /// </summary>
    public static LinkingInstance TransferInstance(LinkingInstance all, string leaving)
    {
        var others = all.Current.Where(c => c.MemberId != leaving).ToList();
        var theirs = all.Current.Where(c => c.MemberId == leaving).Select(c => c.HouseholdId).ToHashSet();
        var keep = others.Select(c => c.HouseholdId).Concat(theirs).ToHashSet();
        var held = others.GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Count());
        return all with
        {
            Members = all.Members.Select(m => m with
            {
                Capacity = m.Id == leaving ? 0 : Math.Max(m.EffectiveCapacity(all.Settings), held.GetValueOrDefault(m.Id)),
            }).ToList(),
            Households = all.Households.Where(h => keep.Contains(h.Id)).ToList(),
            Ties = all.Ties.Where(t => keep.Contains(t.HouseholdId)).ToList(),
            Locked = others,
        };
    }

    /// <summary>
    /// The households a departed member no longer looks after, placed without moving anyone else: every current
    /// link is kept (locked, with capacity raised to what the member already holds), unlinked households other than
    /// <paramref name="released"/> stay out, and only the released ones are placed.
    /// </summary>
    public static LinkingInstance HandoverInstance(LinkingInstance all, IReadOnlySet<string> released)
    {
        var held = all.Current.GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Count());
        var keep = all.Current.Select(c => c.HouseholdId).Concat(released).ToHashSet();
        return all with
        {
            Members = all.Members.Select(m => m with
            {
                Capacity = Math.Max(m.EffectiveCapacity(all.Settings), held.GetValueOrDefault(m.Id)),
            }).ToList(),
            Households = all.Households.Where(h => keep.Contains(h.Id)).ToList(),
            Ties = all.Ties.Where(t => keep.Contains(t.HouseholdId)).ToList(),
            Current = all.Current.Where(c => !released.Contains(c.HouseholdId)).ToList(),
            Locked = all.Current.Where(c => !released.Contains(c.HouseholdId)).ToList(),
        };
    }

    private static double[] Lonlat(double x, double y)
    {
        var (lon, lat) = GaussKruger.Unproject(x, y);
        return [Math.Round(lon, 8), Math.Round(lat, 8)];
    }

}

/// <summary>How links and gaps are worded for people (Chinese, as the secretaries read them).</summary>
public static class LinkWording
{
    /// <summary>"血缘: 堂兄 · 320 m" — basis in Chinese, the relation when known, the distance.</summary>
    public static string Explain(LinkBasis basis, string? relation, double meters, bool locked)
    {
        var label = BasisZh(basis);
        var text = relation is null ? $"{label} · {Math.Round(meters):0} m" : $"{label}: {relation} · {Math.Round(meters):0} m";
        return locked ? text + " · 已锁定" : text;
    }

    public static string BasisZh(LinkBasis basis) => basis switch
    {
        LinkBasis.Blood => "血缘",
        LinkBasis.Marriage => "亲缘",
        LinkBasis.Social => "人缘",
        LinkBasis.Remote => "远程联系",
        _ => "地缘",
    };

    public static string ReasonZh(UnlinkedReason r) => r switch
    {
        UnlinkedReason.NoMemberWithinDistance => "距离限制内没有可联系的党员",
        _ => "距离内的党员联系户已满",
    };
}
