using GridGov.Domain.Linking;
using GridGov.Domain.Members;
using GridGov.Persistence.Configurations;

namespace GridGov.Persistence.Sql;

/// <summary>
/// The capacity rule of <see cref="MemberCapacity"/> as SQL, generated from it (so a status added or re-ruled
/// there follows here) and pinned by <c>LinkInForceRuleTests</c> on a member exactly at capacity.
/// </summary>
public static class CapacitySql
{
    private const int ActiveMark = -1, ReducedMark = -2, MigrantMark = -3;

    /// <summary>
    /// The member's (alias <paramref name="alias"/>) capacity: its own, else the default for its status, read from the
    /// parameters <c>@cap_active</c>, <c>@cap_reduced</c> and <c>@cap_migrant</c> (bind them with <see cref="Bind"/>).
    /// </summary>
    public static string Effective(string alias)
    {
        var marks = LinkingSettings.Default with { DefaultCapacity = ActiveMark, ReducedCapacity = ReducedMark, MigrantCapacity = MigrantMark };
        var whens = Enum.GetValues<MemberStatus>().Select(s =>
            $"WHEN '{EnumText.Value(s)}' THEN {Parameter(MemberCapacity.Effective(s, null, marks))}");
        return $"coalesce({alias}.capacity, CASE {alias}.status {string.Join(" ", whens)} END)";
    }

    /// <summary><see cref="MemberCapacity.IsOver"/>.</summary>
    public static string IsOver(string linked, string capacity) => $"({linked} > {capacity})";

    /// <summary>The parameters of <see cref="Effective"/>, from a capacity rule (status → capacity without an own setting).</summary>
    public static void Bind(Npgsql.NpgsqlCommand cmd, Func<MemberStatus, int> capacityOf)
    {
        cmd.Parameters.AddWithValue("cap_active", capacityOf(MemberStatus.Active));
        cmd.Parameters.AddWithValue("cap_reduced", capacityOf(MemberStatus.Elderly));
        cmd.Parameters.AddWithValue("cap_migrant", capacityOf(MemberStatus.Migrant));
    }

    private static string Parameter(int mark) => mark switch
    {
        ActiveMark => "@cap_active",
        ReducedMark => "@cap_reduced",
        MigrantMark => "@cap_migrant",
        _ => mark.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
