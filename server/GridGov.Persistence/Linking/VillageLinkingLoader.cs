using System.Security.Cryptography;
using System.Text;
using GridGov.Domain.Geo;
using GridGov.Domain.Households;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Linking;

/// <summary>One village's linking problem as stored, ready for the engine; ids are database ids as strings.</summary>
public sealed record VillageLinkingData(
    string VillageCode,
    LinkingInstance Instance,
    IReadOnlyDictionary<(long Member, long Household), IReadOnlyList<Tie>> Ties,
    string Fingerprint);

public static class VillageLinkingLoader
{
    /// <summary>
    /// Loads members (homes in EPSG:4545 metres), households, ties, current and locked links.
    /// With <paramref name="leavingMemberId"/>, that member takes nothing (a transfer) and their locks no longer hold.
    /// Only households that exist at <paramref name="at"/> (default now) take part: an ended one (注销) is never proposed.
    /// </summary>
    public static async Task<VillageLinkingData> LoadAsync(GridGovDbContext db, string villageCode, LinkingSettings settings,
        long? leavingMemberId, CancellationToken ct, DateTimeOffset? at = null)
    {
        var active = db.Households.Where(Household.ActiveAt(at ?? DateTimeOffset.UtcNow));
        var members = await db.PartyMembers.AsNoTracking().Where(m => m.VillageCode == villageCode)
            .OrderBy(m => m.Id).Select(m => new { m.Id, m.Home, m.Status, m.Capacity, m.Person!.HouseholdId }).ToListAsync(ct);
        var households = await active.AsNoTracking().Where(h => h.VillageCode == villageCode)
            .OrderBy(h => h.Id).Select(h => new { h.Id, h.Location }).ToListAsync(ct);
        var ties = await (from t in db.Ties.AsNoTracking()
                          join h in active on t.HouseholdId equals h.Id
                          where h.VillageCode == villageCode
                          orderby t.Id
                          select t).ToListAsync(ct);
        var current = await (from l in db.Links.AsNoTracking()
                             join h in active on l.HouseholdId equals h.Id
                             where h.VillageCode == villageCode && l.ValidTo == null
                             orderby l.HouseholdId
                             select new { l.MemberId, l.HouseholdId, l.Locked }).ToListAsync(ct);

        var usable = members.Where(m => !MemberCapacity.IsGone(m.Status)).ToList();
        var usableIds = usable.Select(m => m.Id).ToHashSet();
        var instance = new LinkingInstance
        {
            Settings = settings,
            Members = usable.Select(m =>
            {
                var (x, y) = GaussKruger.Project(m.Home.X, m.Home.Y);
                var capacity = m.Id == leavingMemberId ? 0 : MemberCapacity.Effective(m.Status, m.Capacity, settings);
                return new LinkingMember(m.Id.ToString(), x, y, capacity, m.Status == MemberStatus.Migrant, m.HouseholdId?.ToString());
            }).ToList(),
            Households = households.Select(h =>
            {
                var (x, y) = GaussKruger.Project(h.Location.X, h.Location.Y);
                return new LinkingHousehold(h.Id.ToString(), x, y);
            }).ToList(),
            Ties = ties.Where(t => usableIds.Contains(t.MemberId))
                .Select(t => new LinkingTie(t.MemberId.ToString(), t.HouseholdId.ToString(), t.Kind, t.Origin == TieOrigin.Inferred)).ToList(),
            // Links of members who are gone still count as "current" so moving them costs the change penalty
            // consistently, but only usable members can appear in the instance.
            Current = current.Where(c => usableIds.Contains(c.MemberId))
                .Select(c => new MemberHousehold(c.MemberId.ToString(), c.HouseholdId.ToString())).ToList(),
            Locked = current.Where(c => c.Locked && usableIds.Contains(c.MemberId) && c.MemberId != leavingMemberId)
                .Select(c => new MemberHousehold(c.MemberId.ToString(), c.HouseholdId.ToString())).ToList(),
        };
        // A locked link beyond a member's (reduced) capacity would make the instance invalid: keep the first ones.
        instance = instance with { Locked = TrimLocks(instance) };

        var fingerprint = new StringBuilder();
        foreach (var c in current) fingerprint.Append($"L{c.HouseholdId}:{c.MemberId}:{c.Locked};");
        foreach (var m in members) fingerprint.Append($"M{m.Id}:{m.Status}:{m.Capacity}:{m.HouseholdId};");
        foreach (var h in households) fingerprint.Append($"H{h.Id};");
        foreach (var t in ties) fingerprint.Append($"T{t.Id}:{t.Origin};");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint.ToString())));

        var tiesByPair = ties.GroupBy(t => (t.MemberId, t.HouseholdId))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Tie>)g.ToList());
        return new VillageLinkingData(villageCode, instance, tiesByPair, hash);
    }

    private static List<MemberHousehold> TrimLocks(LinkingInstance instance)
    {
        var capacity = instance.Members.ToDictionary(m => m.Id, m => m.EffectiveCapacity(instance.Settings));
        var kept = new List<MemberHousehold>();
        foreach (var l in instance.Locked)
        {
            if (capacity[l.MemberId] <= 0) continue;
            capacity[l.MemberId]--;
            kept.Add(l);
        }
        return kept;
    }
}
