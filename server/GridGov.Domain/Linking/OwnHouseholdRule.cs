namespace GridGov.Domain.Linking;

/// <summary>
/// 联系群众 means keeping in touch with other households: by default a member is never linked to
/// the household they live in (their own is looked after by someone else). A county may allow it
/// with <see cref="LinkingSettings.AllowOwnHousehold"/>. The engine, the API's linkHousehold and the
/// sample all ask this one rule.
/// </summary>
public static class OwnHouseholdRule
{
    /// <param name="memberHouseholdId">The household the member lives in, when known.</param>
    public static bool Forbids(string? memberHouseholdId, string householdId, LinkingSettings settings) =>
        !settings.AllowOwnHousehold && memberHouseholdId is not null && memberHouseholdId == householdId;

    public static bool Forbids(long? memberHouseholdId, long householdId, LinkingSettings settings) =>
        !settings.AllowOwnHousehold && memberHouseholdId == householdId;
}
