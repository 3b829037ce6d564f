using System.Security.Claims;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Who is asking, and over which area. Every resolver asks this object, never the raw claims:
/// areas are nested by code prefix (county 6 digits, township 9, village all 12).
/// </summary>
public sealed record Caller(string Actor, Role Role, string AreaCode, long? UserId, long? MemberId, IReadOnlySet<string> Scopes)
{
    public const string ClaimRole = "gg_role", ClaimArea = "gg_area", ClaimMember = "gg_member", ClaimScope = "gg_scope", ClaimCadre = "gg_cadre", ClaimVillage = "gg_village";

    /// <summary>The cadre behind a cadre account (第一书记 / 驻村干部).</summary>
    public long? CadreId { get; init; }

    /// <summary>A cadre's villages: those of its postings in force (added to the token's claims on every request).</summary>
    public IReadOnlyList<string> ServedVillages { get; init; } = [];

    public static Caller? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        var role = user.FindFirstValue(ClaimRole);
        var area = user.FindFirstValue(ClaimArea);
        if (role is null || area is null || !Enum.TryParse<Role>(role, out var r)) return null;
        long? member = long.TryParse(user.FindFirstValue(ClaimMember), out var m) ? m : null;
        long? userId = long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var u) ? u : null;
        var scopes = user.FindAll(ClaimScope).Select(c => c.Value).ToHashSet();
        long? cadre = long.TryParse(user.FindFirstValue(ClaimCadre), out var cd) ? cd : null;
        return new Caller(user.Identity.Name ?? "unknown", r, area, userId, member, scopes) { CadreId = cadre, ServedVillages = [.. user.FindAll(ClaimVillage).Select(c => c.Value)] };
    }

    /// <summary>Code prefix of everything inside the caller's area.</summary>
    public string AreaPrefix => PrefixOf(AreaCode);

    public static string PrefixOf(string areaCode) => AreaScope.PrefixOf(areaCode);

    public bool CanRead(string areaCode) =>
        (Role != Role.System || Scopes.Contains("read") || Scopes.Contains("read-pii") || Scopes.Contains("write"))
        && (Covers(areaCode)
            // A township or village reader may still see the county and its own township as context.
            || ReadPrefixes.Any(p => AreaScope.Within(p, PrefixOf(areaCode))));

    /// <summary>Strictly inside the area (lists are filtered by this); a cadre's area is the villages it serves now.</summary>
    public bool Covers(string areaCode) => ReadPrefixes.Any(p => AreaScope.Within(areaCode, p));

    /// <summary>
    /// What lists are filtered by, the same rule as <see cref="Covers"/>: a cadre's villages in force today (all its postings,
    /// not the login's first village); null for everyone else, whose lists go by <see cref="AreaPrefix"/>.
    /// </summary>
    public List<string>? ListedVillages => Role == Role.Cadre ? [.. ServedVillages] : null;

    /// <summary>
    /// The same rule for SQL that takes a prefix and a village list (tiles, <see cref="GridGov.Persistence.Sql.TileSql.InArea"/>):
    /// a cadre's villages under their common prefix, everyone else's area prefix.
    /// </summary>
    public GridGov.Persistence.Sql.TileArea SqlArea => ListedVillages is { } villages
        ? new(villages.Count == 0 ? AreaPrefix : villages.Aggregate((a, b) => a[..a.Zip(b).TakeWhile(p => p.First == p.Second).Count()]), villages)
        : new(AreaPrefix);

    private IEnumerable<string> ReadPrefixes => Role == Role.Cadre ? ServedVillages.Select(PrefixOf) : [AreaPrefix];

    /// <summary>Writes: the branch secretary of that village, or a system key with `write` over it.</summary>
    public bool CanWrite(string villageCode) => Role switch
    {
        Role.BranchSecretary => AreaCode == villageCode,
        Role.System => Scopes.Contains("write") && Covers(villageCode),
        _ => false,
    };

    public bool MayWriteAnything => Role is Role.BranchSecretary || (Role is Role.System && Scopes.Contains("write"));

    /// <summary>ID numbers and phones: the village's secretary, the county's organisation department (it keeps the rosters), keys with `read-pii`.</summary>
    public bool SeesPersonalData(string villageCode) => Role switch
    {
        Role.BranchSecretary => AreaCode == villageCode,
        Role.CountyAdmin => Covers(villageCode),
        Role.System => Scopes.Contains("read-pii") && Covers(villageCode),
        _ => false,
    };

    /// <summary>
    /// Roster upkeep (households, members, their status and branch): the county's organisation
    /// department over its county, a secretary over their own village, a key with `write` over its area.
    /// Links, cells and reviews stay with <see cref="CanWrite"/>.
    /// </summary>
    public bool CanKeepRoster(string villageCode) => Role switch
    {
        Role.CountyAdmin => Covers(villageCode),
        _ => CanWrite(villageCode),
    };

    /// <summary>Imports of a county's files: only its organisation department (county-admin).</summary>
    public bool CanImport(string countyCode) => Role == Role.CountyAdmin && AreaCode == countyCode;
}
