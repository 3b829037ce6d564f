using GridGov.Domain.Cadres;

namespace GridGov.Domain.Pairing;

/// <summary>
/// 「64321」: how many poor households a cadre of each rank pairs with. In the model's rank order:
/// 县级 6, 科级 4, 一般干部 3, 村干部 2, and 1 for a cadre whose rank is not recorded (职级未填) — the
/// policy's smallest share, until the organisation department enters the rank. A setting per county.
/// </summary>
public sealed record PairingQuotas(int County, int Section, int General, int Village, int Unranked)
{
    public const int MaxQuota = 20;

    public static PairingQuotas Default { get; } = new(6, 4, 3, 2, 1);

    public int For(CadreRank? rank) => rank switch
    {
        CadreRank.County => County,
        CadreRank.Section => Section,
        CadreRank.General => General,
        CadreRank.Village => Village,
        _ => Unranked,
    };

    /// <summary>The five numbers in the order above (as stored and as the API takes them).</summary>
    public int[] ToArray() => [County, Section, General, Village, Unranked];

    /// <summary>Five numbers 0–<see cref="MaxQuota"/>; null when the list is not that.</summary>
    public static PairingQuotas? From(IReadOnlyList<int> q) =>
        q.Count == 5 && q.All(x => x is >= 0 and <= MaxQuota) ? new(q[0], q[1], q[2], q[3], q[4]) : null;

    /// <summary>As the policy writes it, e.g. "64321" (numbers above 9 separated: "10/4/3/2/1").</summary>
    public override string ToString() => ToArray().All(x => x < 10) ? string.Concat(ToArray()) : string.Join('/', ToArray());
}
