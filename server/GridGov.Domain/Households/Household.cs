using System.Linq.Expressions;
using NetTopologySuite.Geometries;

namespace GridGov.Domain.Households;

/// <summary>贫困户 / 脱贫户 / 监测户 or none.</summary>
public enum PovertyStatus { None, Poor, LiftedOut, Monitored }

/// <summary>低保 / 特困: social assistance a household receives (apart from its poverty status).</summary>
public enum SocialAssistance { None, Subsistence, Destitute }

/// <summary>户: a house (point) and its attributes. ID number and phone are personal data.</summary>
public class Household
{
    /// <summary>Longest 注销 reason kept (the column's length).</summary>
    public const int MaxEndReasonLength = 200;
    /// <summary>Column lengths, in characters: the EF model takes them from here, the API's edge from the model.</summary>
    public const int MaxHeadNameLength = 50, MaxAddressLength = 200, MaxHouseholdNoLength = 30;
    /// <summary>The size a household may have (the database's CHECK constraint ck_households_size).</summary>
    public const int MinSize = 1, MaxSize = 30;

    public long Id { get; set; }
    public required string VillageCode { get; set; }
    /// <summary>
    /// 户编号: the county's own number for the household, unique among the village's active households
    /// (a number may be given again after 注销); the import's key.
    /// </summary>
    public string? HouseholdNo { get; set; }
    public long? GroupId { get; set; }
    /// <summary>The grid cell that contains the house; null when it lies outside every cell.</summary>
    public long? CellId { get; set; }
    public required Point Location { get; set; }
    public required string HeadName { get; set; }
    public int Size { get; set; }
    public PovertyStatus PovertyStatus { get; set; }
    public SocialAssistance Assistance { get; set; }
    /// <summary>Head's 18-digit resident ID number — personal data, masked in the API.</summary>
    public string? IdNumber { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public Areas.DataSource Source { get; set; }

    /// <summary>The house moved, or its position was corrected: true when it changed (its grid cell must then be found again).</summary>
    public bool MoveTo(Point location)
    {
        if (location.SRID != Location.SRID && location.SRID != 0) throw new ArgumentException("storage coordinates expected", nameof(location));
        if (Location.EqualsExact(location)) return false;
        Location = location;
        return true;
    }
    /// <summary>注销: when the household stopped being one (moved away, died out, merged); null while it exists. Kept in history, never deleted.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Why it was ended (注销原因).</summary>
    public string? EndReason { get; set; }

    /// <summary>
    /// The one rule of "does the household exist at this instant": not ended, or ended later. At the
    /// instant it ends it no longer counts (as a link is no longer current at its <c>ValidTo</c>).
    /// Queries use <see cref="ActiveAt"/>; SQL restates it in <c>Persistence.Sql.HouseholdSql</c>, pinned by tests.
    /// </summary>
    public bool IsActiveAt(DateTimeOffset at) => EndedAt is null || EndedAt > at;

    /// <summary>
    /// <see cref="IsActiveAt"/> as an expression, for LINQ queries (EF translates it). The instant is taken in UTC
    /// (the same instant): PostgreSQL's driver writes timestamptz parameters only from UTC.
    /// </summary>
    public static Expression<Func<Household, bool>> ActiveAt(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return h => h.EndedAt == null || h.EndedAt > utc;
    }

    /// <summary>注销: ends the household at <paramref name="at"/>. Its current link is ended by the caller with <see cref="Links.Link.End"/>.</summary>
    /// <exception cref="HouseholdRuleException">Already ended, or no reason (or one over 200 characters).</exception>
    public void End(DateTimeOffset at, string reason)
    {
        if (EndedAt is not null) throw new HouseholdRuleException(HouseholdRule.AlreadyEnded);
        EndReason = CleanReason(reason);
        EndedAt = at;
    }

    /// <summary>
    /// 分户: a new household split off from this one at <paramref name="at"/>, in the same village and
    /// group, with its own head, size and house. This household keeps <paramref name="remainingSize"/>
    /// people when given (it must stay at least 1). Ties are copied by the caller with <see cref="Links.Tie.CopyFor"/>
    /// once the new household has its id.
    /// </summary>
    /// <exception cref="HouseholdRuleException">This household is not active at <paramref name="at"/>, a size is out of range or no head name.</exception>
    public Household SplitOff(string? householdNo, string headName, int size, Point location, DateTimeOffset at, int? remainingSize = null)
    {
        if (!IsActiveAt(at)) throw new HouseholdRuleException(HouseholdRule.AlreadyEnded);
        headName = headName?.Trim() ?? "";
        if (headName.Length == 0) throw new HouseholdRuleException(HouseholdRule.HeadNameMissing);
        if (size is < MinSize or > MaxSize) throw new HouseholdRuleException(HouseholdRule.SizeOutOfRange);
        if (remainingSize is { } rest && rest is < MinSize or > MaxSize) throw new HouseholdRuleException(HouseholdRule.SizeOutOfRange);
        householdNo = string.IsNullOrWhiteSpace(householdNo) ? null : householdNo.Trim();
        if (householdNo is not null && householdNo == HouseholdNo) throw new HouseholdRuleException(HouseholdRule.SameHouseholdNo);
        if (remainingSize is { } keep) Size = keep;
        return new Household
        {
            VillageCode = VillageCode,
            HouseholdNo = householdNo,
            GroupId = GroupId,
            Location = location,
            HeadName = headName,
            Size = size,
            // The family's situation is the same until someone says otherwise.
            PovertyStatus = PovertyStatus,
            Assistance = Assistance,
            Address = Address,
            Source = Areas.DataSource.Entered,
        };
    }

    private static string CleanReason(string? reason)
    {
        var r = reason?.Trim() ?? "";
        if (r.Length == 0) throw new HouseholdRuleException(HouseholdRule.EndReasonMissing);
        if (r.Length > MaxEndReasonLength) throw new HouseholdRuleException(HouseholdRule.EndReasonTooLong);
        return r;
    }
}

/// <summary>The invariants of a household's life cycle (注销, 分户); the API gives each a message.</summary>
public enum HouseholdRule { AlreadyEnded, EndReasonMissing, EndReasonTooLong, HeadNameMissing, SizeOutOfRange, SameHouseholdNo }

/// <summary>A state change a household refuses, naming the <see cref="HouseholdRule"/> it would break.</summary>
public sealed class HouseholdRuleException(HouseholdRule rule) : InvalidOperationException($"household rule: {rule}")
{
    public HouseholdRule Rule { get; } = rule;
}
