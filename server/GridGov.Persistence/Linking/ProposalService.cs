using System.Text.Json;
using GridGov.Domain.Areas;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Linking;

/// <summary>
/// Runs the engine on a village as stored and records the result as a proposal; nothing else changes.
/// Here, beside the loader, so the API and the importer (a roster that lets members go) make proposals the same way.
/// </summary>
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
        return Record(db, villageCode, settings, ProposalBuilder.Build(data.Instance, data.Ties, leavingMemberId), data.Fingerprint, actor, jobId);
    }

    /// <summary>
    /// The transfer rule's proposal, made after a departed member's links have ended in the same transaction: only
    /// <paramref name="released"/> (their former households) are placed, nobody else moves (<see cref="ProposalBuilder.BuildHandover"/>).
    /// </summary>
    public static async Task<LinkProposal> CreateHandoverAsync(GridGovDbContext db, string villageCode, LinkingSettings settings,
        long leavingMemberId, IReadOnlyCollection<long> released, string actor, CancellationToken ct)
    {
        var data = await VillageLinkingLoader.LoadAsync(db, villageCode, settings, null, ct);
        return Record(db, villageCode, settings, ProposalBuilder.BuildHandover(data.Instance, data.Ties, leavingMemberId, released),
            data.Fingerprint, actor, jobId: null);
    }

    /// <summary>An open proposal of the engine's result, against the fingerprint of the links it was made from.</summary>
    private static LinkProposal Record(GridGovDbContext db, string villageCode, LinkingSettings settings, object doc, string fingerprint,
        string actor, long? jobId)
    {
        var proposal = new LinkProposal
        {
            VillageCode = villageCode,
            Status = ProposalStatus.Open,
            SettingsJson = JsonSerializer.Serialize(settings, Json),
            ResultJson = JsonSerializer.Serialize(doc, doc.GetType(), Json),
            BaseFingerprint = fingerprint,
            CreatedBy = actor,
            CreatedAt = DateTimeOffset.UtcNow,
            JobId = jobId,
        };
        db.LinkProposals.Add(proposal);
        return proposal;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LinkProposal, ProposalDocument> Parsed = new();

    /// <summary>The parsed body, once per proposal object: many fields read it.</summary>
    public static ProposalDocument Document(LinkProposal p) =>
        Parsed.GetValue(p, x => JsonSerializer.Deserialize<ProposalDocument>(x.ResultJson, Json)!);

    public static LinkingSettings Settings(LinkProposal p) => JsonSerializer.Deserialize<LinkingSettings>(p.SettingsJson, Json)!;
}
