namespace GridGov.Domain.Access;

/// <summary>
/// Cadre: a first secretary or resident cadre (第一书记 / 驻村干部) who checks in at a village.
/// CountyAdmin: the county organisation department (组织部), which imports and keeps the rosters.
/// </summary>
public enum Role { CountyLeader, TownshipLeader, BranchSecretary, PartyMember, System, Cadre, CountyAdmin }

public class User
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public Role Role { get; set; }
    /// <summary>The area the role applies to: county, township or village code.</summary>
    public required string AreaCode { get; set; }
    /// <summary>The party member behind a member (or secretary) account.</summary>
    public long? MemberId { get; set; }
    /// <summary>The cadre behind a cadre account (role Cadre); its area is the cadre's village.</summary>
    public long? CadreId { get; set; }
    public bool Disabled { get; set; }
    /// <summary>
    /// Tokens carry the version they were issued under; disabling, enabling, moving or logging out raises it, which ends
    /// every token issued before.
    /// </summary>
    public int SessionVersion { get; set; }
    /// <summary>Sample accounts are created only by the sample loader, never by an import.</summary>
    public bool IsSample { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An API key for another system; only a hash of the secret is stored.</summary>
public class ApiKey
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The public first characters, to find the row without scanning hashes.</summary>
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    public required string[] Scopes { get; set; }
    public required string AreaCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public static readonly string[] KnownScopes = ["read", "read-pii", "write"];
}

/// <summary>One change: who, when, what, before and after — written in the same transaction.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public required string AreaCode { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}
