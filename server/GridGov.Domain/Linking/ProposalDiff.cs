namespace GridGov.Domain.Linking;

public enum LinkChangeKind { Kept, Added, Moved, Removed }

/// <summary>What a proposal does to one household: keeps, adds, moves or removes its link.</summary>
public sealed record LinkChange(string HouseholdId, string? FromMember, string? ToMember, LinkChangeKind Kind);

/// <summary>Per member: households before and after, and how many were gained and lost.</summary>
public sealed record MemberDelta(string MemberId, int Before, int After, int Gained, int Lost);

public sealed record ProposalDiff(IReadOnlyList<LinkChange> Changes, IReadOnlyList<MemberDelta> Members)
{
    public int Added => Changes.Count(c => c.Kind == LinkChangeKind.Added);
    public int Moved => Changes.Count(c => c.Kind == LinkChangeKind.Moved);
    public int Removed => Changes.Count(c => c.Kind == LinkChangeKind.Removed);
    public int Kept => Changes.Count(c => c.Kind == LinkChangeKind.Kept);

    /// <summary>Compares the links in force with a solver result, household by household.</summary>
    public static ProposalDiff Compute(IEnumerable<MemberHousehold> current, LinkingResult result)
    {
        var before = current.ToDictionary(c => c.HouseholdId, c => c.MemberId, StringComparer.Ordinal);
        var after = result.Links.ToDictionary(l => l.HouseholdId, l => l.MemberId, StringComparer.Ordinal);
        var changes = new List<LinkChange>();
        foreach (var h in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            before.TryGetValue(h, out var from);
            after.TryGetValue(h, out var to);
            var kind = (from, to) switch
            {
                (null, _) => LinkChangeKind.Added,
                (_, null) => LinkChangeKind.Removed,
                _ when from == to => LinkChangeKind.Kept,
                _ => LinkChangeKind.Moved,
            };
            changes.Add(new(h, from, to, kind));
        }
        var members = before.Values.Concat(after.Values).Distinct().Order(StringComparer.Ordinal)
            .Select(m => new MemberDelta(m,
                before.Values.Count(x => x == m),
                after.Values.Count(x => x == m),
                changes.Count(c => c.ToMember == m && c.FromMember != m),
                changes.Count(c => c.FromMember == m && c.ToMember != m)))
            .ToList();
        return new ProposalDiff(changes, members);
    }
}
