using System.Globalization;
using GridGov.Domain.Links;

namespace GridGov.Domain.Linking;

/// <summary>
/// A link the engine proposes (or keeps, when locked), with its explanation:
/// Score = TieScore − DistancePenalty − ChangePenalty.
/// </summary>
public sealed record ProposedLink(
    string MemberId,
    string HouseholdId,
    LinkBasis Basis,
    double DistanceMeters,
    double Score,
    double TieScore,
    double DistancePenalty,
    double ChangePenalty,
    IReadOnlyList<TieKind> Ties,
    bool Locked)
{
    /// <summary>Short English explanation, e.g. "blood · 320 m"; the UI translates the basis.</summary>
    public string Explanation
    {
        get
        {
            var text = $"{LinkingNames.Of(Basis)} · {Math.Round(DistanceMeters).ToString(CultureInfo.InvariantCulture)} m";
            if (Locked) text += " · locked";
            if (ChangePenalty != 0) text += " · changed";
            return text;
        }
    }
}

public enum UnlinkedReason
{
    /// <summary>No member with a capacity above zero lives within the maximum distance.</summary>
    NoMemberWithinDistance,
    /// <summary>Members within reach exist, but all their capacity is used by other households.</summary>
    MembersFull,
}

public sealed record UnlinkedHousehold(string HouseholdId, UnlinkedReason Reason);

public sealed record LinkingResult(
    IReadOnlyList<ProposedLink> Links,
    IReadOnlyList<UnlinkedHousehold> Unlinked)
{
    /// <summary>All links, locked ones included.</summary>
    public int LinkedCount => Links.Count;
    public double TotalScore => Links.Sum(l => l.Score);
}

/// <summary>The wire names (snake/lower case) used in JSON and explanations.</summary>
public static class LinkingNames
{
    public static string Of(LinkBasis basis) => basis switch
    {
        LinkBasis.Blood => "blood",
        LinkBasis.Marriage => "marriage",
        LinkBasis.Social => "social",
        LinkBasis.Proximity => "proximity",
        LinkBasis.Remote => "remote",
        _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, null),
    };

    public static string Of(TieKind kind) => kind switch
    {
        TieKind.Blood => "blood",
        TieKind.Marriage => "marriage",
        TieKind.Social => "social",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string Of(UnlinkedReason reason) => reason switch
    {
        UnlinkedReason.NoMemberWithinDistance => "no_member_within_distance",
        UnlinkedReason.MembersFull => "members_full",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static bool TryParseTieKind(string text, out TieKind kind)
    {
        switch (text)
        {
            case "blood": kind = TieKind.Blood; return true;
            case "marriage": kind = TieKind.Marriage; return true;
            case "social": kind = TieKind.Social; return true;
            default: kind = default; return false;
        }
    }
}
