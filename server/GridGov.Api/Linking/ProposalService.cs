using System.Text.Json;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Areas;
using GridGov.Domain.Geo;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Persistence;
using GridGov.Persistence.Linking;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Linking;

/// <summary>The stored body of a proposal: every link explained, the diff, the unlinked households.</summary>
public sealed record ProposalDocument(
    string Kind,
    long? LeavingMemberId,
    int Households,
    int LinkedBefore,
    int LinkedAfter,
    double TotalScore,
    IReadOnlyList<ProposalLink> Links,
    IReadOnlyList<ProposalRemoval> Removed,
    IReadOnlyList<ProposalUnlinked> Unlinked,
    IReadOnlyList<MemberDelta> Members);

public sealed record ProposalLink(long MemberId, long HouseholdId, LinkBasis Basis, double DistanceMeters, double Score,
    double TieScore, double DistancePenalty, double ChangePenalty, bool Locked, string? Relation, string Explanation,
    LinkChangeKind Change, long? FromMemberId, double[] Home, double[] House)
{
    /// <summary>Member home → house in storage coordinates.</summary>
    public NetTopologySuite.Geometries.LineString Line() => CoordinateConverter.StorageFactory.CreateLineString(
        [new(Home[0], Home[1]), new(House[0], House[1])]);
}

public sealed record ProposalRemoval(long HouseholdId, long FromMemberId);

public sealed record ProposalUnlinked(long HouseholdId, UnlinkedReason Reason);

/// <summary>Runs the engine on a village as stored and records the result as a proposal; nothing else changes.</summary>
public static class ProposalService
{
    public static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    /// <summary>The county's stored settings (link_settings), else the engine defaults.</summary>
    public static async Task<LinkingSettings> CountySettingsAsync(GridGovDbContext db, string areaCode, CancellationToken ct)
    {
        var county = Area.CountyCodeOf(areaCode);
        var row = await db.LinkSettings.AsNoTracking().FirstOrDefaultAsync(s => s.AreaCode == county, ct);
        return row is null ? LinkingSettings.Default : JsonSerializer.Deserialize<LinkingSettings>(row.SettingsJson, Json) ?? LinkingSettings.Default;
    }

    public static async Task<LinkProposal> CreateAsync(GridGovDbContext db, string villageCode, LinkingSettings settings,
        long? leavingMemberId, string actor, long? jobId, CancellationToken ct)
    {
        var data = await VillageLinkingLoader.LoadAsync(db, villageCode, settings, leavingMemberId, ct);
        var instance = leavingMemberId is { } leaving ? TransferInstance(data.Instance, leaving.ToString()) : data.Instance;
        var result = LinkingEngine.Solve(instance);
        var diff = ProposalDiff.Compute(data.Instance.Current, result);
        var changeOf = diff.Changes.ToDictionary(c => c.HouseholdId);
        var memberXy = instance.Members.ToDictionary(m => m.Id, m => Lonlat(m.X, m.Y));
        var houseXy = instance.Households.ToDictionary(h => h.Id, h => Lonlat(h.X, h.Y));
        // A transfer holds every other link in place as "locked"; only the secretary's locks are shown as such.
        var lockedBySecretary = data.Instance.Locked.Select(l => l.HouseholdId).ToHashSet();
        var links = result.Links.Select(l =>
        {
            var m = long.Parse(l.MemberId);
            var h = long.Parse(l.HouseholdId);
            var relation = data.Ties.GetValueOrDefault((m, h))?.OrderBy(t => t.Origin).FirstOrDefault(t =>
                l.Basis.ToString() == t.Kind.ToString() && !string.IsNullOrEmpty(t.Relation))?.Relation;
            var change = changeOf[l.HouseholdId];
            return new ProposalLink(m, h, l.Basis, Math.Round(l.DistanceMeters, 1), Math.Round(l.Score, 3), l.TieScore,
                Math.Round(l.DistancePenalty, 3), l.ChangePenalty,
                lockedBySecretary.Contains(l.HouseholdId), relation,
                Explain(l.Basis, relation, l.DistanceMeters, lockedBySecretary.Contains(l.HouseholdId)), change.Kind,
                change.FromMember is null ? null : long.Parse(change.FromMember), memberXy[l.MemberId], houseXy[l.HouseholdId]);
        }).ToList();
        var doc = new ProposalDocument(
            leavingMemberId is null ? "village" : "transfer", leavingMemberId,
            instance.Households.Count, data.Instance.Current.Count, result.LinkedCount,
            Math.Round(links.Sum(l => l.Score), 3), links,
            diff.Changes.Where(c => c.Kind == LinkChangeKind.Removed).Select(c => new ProposalRemoval(long.Parse(c.HouseholdId), long.Parse(c.FromMember!))).ToList(),
            result.Unlinked.Select(u => new ProposalUnlinked(long.Parse(u.HouseholdId), u.Reason)).ToList(),
            diff.Members);
        var proposal = new LinkProposal
        {
            VillageCode = villageCode,
            Status = ProposalStatus.Open,
            SettingsJson = JsonSerializer.Serialize(settings, Json),
            ResultJson = JsonSerializer.Serialize(doc, Json),
            BaseFingerprint = data.Fingerprint,
            CreatedBy = actor,
            CreatedAt = DateTimeOffset.UtcNow,
            JobId = jobId,
        };
        db.LinkProposals.Add(proposal);
        return proposal;
    }

    /// <summary>
    /// A transfer changes nobody else: every other current link is kept (locked, with capacity
    /// raised to what the member already holds), households without a link stay out, and only the
    /// leaving member's households are placed.
    /// </summary>
    private static LinkingInstance TransferInstance(LinkingInstance all, string leaving)
    {
        var others = all.Current.Where(c => c.MemberId != leaving).ToList();
        var theirs = all.Current.Where(c => c.MemberId == leaving).Select(c => c.HouseholdId).ToHashSet();
        var keep = others.Select(c => c.HouseholdId).Concat(theirs).ToHashSet();
        var held = others.GroupBy(c => c.MemberId).ToDictionary(g => g.Key, g => g.Count());
        return all with
        {
            Members = all.Members.Select(m => m with
            {
                Capacity = Math.Max(m.EffectiveCapacity(all.Settings), held.GetValueOrDefault(m.Id)),
            }).ToList(),
            Households = all.Households.Where(h => keep.Contains(h.Id)).ToList(),
            Ties = all.Ties.Where(t => keep.Contains(t.HouseholdId)).ToList(),
            Locked = others,
        };
    }

    private static double[] Lonlat(double x, double y)
    {
        var (lon, lat) = GaussKruger.Unproject(x, y);
        return [Math.Round(lon, 8), Math.Round(lat, 8)];
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LinkProposal, ProposalDocument> Parsed = new();

    /// <summary>The parsed body, once per proposal object: many fields read it.</summary>
    public static ProposalDocument Document(LinkProposal p) =>
        Parsed.GetValue(p, x => JsonSerializer.Deserialize<ProposalDocument>(x.ResultJson, Json)!);

    public static LinkingSettings Settings(LinkProposal p) => JsonSerializer.Deserialize<LinkingSettings>(p.SettingsJson, Json)!;

    /// <summary>"血缘: 堂兄 · 320 m" — basis in Chinese, the relation when known, the distance.</summary>
    public static string Explain(LinkBasis basis, string? relation, double meters, bool locked)
    {
        var label = BasisZh(basis);
        var text = relation is null ? $"{label} · {Math.Round(meters):0} m" : $"{label}: {relation} · {Math.Round(meters):0} m";
        return locked ? text + " · 已锁定" : text;
    }

    public static string BasisZh(LinkBasis basis) => basis switch
    {
        LinkBasis.Blood => "血缘",
        LinkBasis.Marriage => "亲缘",
        LinkBasis.Social => "人缘",
        LinkBasis.Remote => "远程联系",
        _ => "地缘",
    };

    public static string ReasonZh(UnlinkedReason r) => r switch
    {
        UnlinkedReason.NoMemberWithinDistance => "距离限制内没有可联系的党员",
        _ => "距离内的党员联系户已满",
    };
}
