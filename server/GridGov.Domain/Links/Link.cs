namespace GridGov.Domain.Links;

/// <summary>The four linking principles: 血缘, 亲缘 (marriage), 人缘 (social), 地缘 (proximity).</summary>
public enum TieKind { Blood, Marriage, Social }

/// <summary>A declared tie outweighs an inferred one (e.g. same surname in the same natural village).</summary>
public enum TieOrigin { Declared, Inferred }

/// <summary>A kinship or social tie between a member and a household.</summary>
public class Tie
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long HouseholdId { get; set; }
    public TieKind Kind { get; set; }
    public TieOrigin Origin { get; set; }
    /// <summary>The relation in words, e.g. 堂兄, 岳父, 邻居.</summary>
    public string? Relation { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The same tie to another household (分户: a member related to the family stays related to the part
    /// that splits off), declared or inferred as this one was.
    /// </summary>
    public Tie CopyFor(long householdId, DateTimeOffset at) => new()
    {
        MemberId = MemberId, HouseholdId = householdId, Kind = Kind, Origin = Origin, Relation = Relation, Note = Note, CreatedAt = at,
    };
}

/// <summary>Why a link was made: the strongest tie, proximity alone, or a remote contact by hand.</summary>
public enum LinkBasis { Blood, Marriage, Social, Proximity, Remote }

/// <summary>
/// 联系户: the member responsible for a household over a period. Links are ended, never
/// overwritten, so coverage can be computed as of any month.
/// </summary>
public class Link
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long HouseholdId { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    public DateTimeOffset? ValidTo { get; set; }
    public LinkBasis Basis { get; set; }
    /// <summary>Locked by the secretary: the linking engine keeps it as it is.</summary>
    public bool Locked { get; set; }
    public double? DistanceMeters { get; set; }
    /// <summary>Human explanation, e.g. "血缘: 堂兄 · 320 m".</summary>
    public string? Explanation { get; set; }
    public string? CreatedBy { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }
    public long? ProposalId { get; set; }

    /// <summary>Ends a current link at <paramref name="at"/> (history is kept: links are ended, never deleted).</summary>
    /// <exception cref="InvalidOperationException">Already ended.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> not after its start (the database's ck_links_period).</exception>
    public void End(DateTimeOffset at, string by, string reason)
    {
        if (ValidTo is not null) throw new InvalidOperationException($"link {Id} has already ended");
        if (at <= ValidFrom) throw new ArgumentOutOfRangeException(nameof(at), "a link cannot end before it began");
        ValidTo = at;
        EndedBy = by;
        EndReason = reason;
    }

    /// <summary>
    /// A new link of <paramref name="memberId"/> to <paramref name="householdId"/> from <paramref name="at"/>. Its basis
    /// comes from what is known (<see cref="BasisFor"/>: the member's status and ties), never from the caller, and its
    /// explanation names the tie's relation when one is recorded ("血缘: 堂兄 · 320 m").
    /// </summary>
    public static Link Start(long memberId, long householdId, Members.MemberStatus status, IReadOnlyCollection<Tie> ties,
        double distanceMeters, bool locked, DateTimeOffset at, string by)
    {
        var basis = BasisFor(status, ties.Select(t => t.Kind));
        var relation = ties.Where(t => t.Kind.ToString() == basis.ToString() && !string.IsNullOrEmpty(t.Relation))
            .OrderBy(t => t.Origin).Select(t => t.Relation).FirstOrDefault();
        return new Link
        {
            MemberId = memberId, HouseholdId = householdId, ValidFrom = at, Basis = basis, Locked = locked,
            DistanceMeters = distanceMeters, Explanation = Linking.LinkWording.Explain(basis, relation, distanceMeters, locked: false),
            CreatedBy = by,
        };
    }

    /// <summary>Locks or unlocks the link for the linking engine; false when it already was so (nothing to record).</summary>
    /// <exception cref="InvalidOperationException">The link has ended (history does not change).</exception>
    public bool SetLocked(bool locked)
    {
        if (ValidTo is not null) throw new InvalidOperationException($"link {Id} has ended");
        if (Locked == locked) return false;
        Locked = locked;
        return true;
    }

    /// <summary>
    /// The one rule of "the link in force at an instant": from its start (included) to its end (excluded), as
    /// <see cref="Households.Household.IsActiveAt"/>. A month is read at <c>CoverageRules.AsOf</c> (its last instant), so a
    /// link ended at the month's last second does not count for it, one ended exactly at midnight does, and one begun at
    /// midnight is the next month's. LINQ uses <see cref="InForceAt"/>;
    /// SQL restates it in <c>Persistence.Sql.LinkSql</c>, pinned by <c>LinkInForceRuleTests</c>.
    /// </summary>
    public bool IsCurrentAt(DateTimeOffset at) => ValidFrom <= at && (ValidTo is null || ValidTo > at);

    /// <summary><see cref="IsCurrentAt"/> as an expression EF translates; the instant in UTC (timestamptz parameters must be).</summary>
    public static System.Linq.Expressions.Expression<Func<Link, bool>> InForceAt(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return l => l.ValidFrom <= utc && (l.ValidTo == null || l.ValidTo > utc);
    }

    /// <summary>
    /// Why a member looks after a household, from what is known, never from the caller: a migrant
    /// keeps in touch remotely; otherwise the strongest declared or inferred tie, else proximity.
    /// </summary>
    public static LinkBasis BasisFor(Members.MemberStatus status, IEnumerable<TieKind> ties)
    {
        if (status == Members.MemberStatus.Migrant) return LinkBasis.Remote;
        var kinds = ties.ToHashSet();
        if (kinds.Contains(TieKind.Blood)) return LinkBasis.Blood;
        if (kinds.Contains(TieKind.Marriage)) return LinkBasis.Marriage;
        if (kinds.Contains(TieKind.Social)) return LinkBasis.Social;
        return LinkBasis.Proximity;
    }
}

public enum ProposalStatus { Open, Applied, Discarded, Stale }

/// <summary>A linking-engine result for one village, reviewed before it is applied.</summary>
public class LinkProposal
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    public ProposalStatus Status { get; set; }
    public required string SettingsJson { get; set; }
    public required string ResultJson { get; set; }
    /// <summary>Fingerprint of the village's links when proposed; a different one makes the proposal stale.</summary>
    public required string BaseFingerprint { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public long? JobId { get; set; }
}

public enum JobStatus { Queued, Running, Done, Failed }

/// <summary>Proposals for many villages, run in the background with progress.</summary>
public class LinkJob
{
    public long Id { get; set; }
    public required string AreaCode { get; set; }
    public JobStatus Status { get; set; }
    public int Done { get; set; }
    public int Total { get; set; }
    public required string SettingsJson { get; set; }
    public string? Error { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

/// <summary>Linking rule settings stored per county (or narrower area), as JSON.</summary>
public class LinkSettingsRecord
{
    public required string AreaCode { get; set; }
    public required string SettingsJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
