using System.Text.Json;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;
using GridGov.Domain.Pairing;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence.Pairing;

/// <summary>One household's change in a stored proposal. Ids are database ids.</summary>
public sealed record PairingProposalChange(long HouseholdId, string VillageCode, long? FromCadreId, long? ToCadreId, LinkChangeKind Kind,
    double? DistanceMeters);

public sealed record PairingProposalUnpaired(long HouseholdId, string VillageCode, UnpairedReason Reason);

public sealed record PairingProposalDocument(IReadOnlyList<PairingProposalChange> Changes, IReadOnlyList<PairingProposalUnpaired> Unpaired);

/// <summary>Runs the pairing engine on an area as stored and records a proposal; applies one. The API's mutations call these.</summary>
public static class PairingService
{
    public static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static async Task<PairingProposal> ProposeAsync(GridGovDbContext db, string areaCode, bool rebalance, string actor, CancellationToken ct)
    {
        var settings = await PairingLoader.CountySettingsAsync(db, areaCode, ct) with { Rebalance = rebalance };
        var (villages, fingerprint) = await PairingLoader.LoadAsync(db, areaCode, settings, ct);
        var changes = new List<PairingProposalChange>();
        var unpaired = new List<PairingProposalUnpaired>();
        foreach (var v in villages)
        {
            var result = PairingEngine.Solve(v.Instance);
            var distance = result.Pairings.ToDictionary(p => p.HouseholdId, p => p.DistanceMeters);
            changes.AddRange(PairingDiff.Compute(v.InForce, result).Select(c => new PairingProposalChange(long.Parse(c.HouseholdId), v.VillageCode,
                c.FromCadre is null ? null : long.Parse(c.FromCadre), c.ToCadre is null ? null : long.Parse(c.ToCadre), c.Kind,
                distance.TryGetValue(c.HouseholdId, out var d) ? Math.Round(d, 1) : null)));
            unpaired.AddRange(result.Unpaired.Select(u => new PairingProposalUnpaired(long.Parse(u.HouseholdId), v.VillageCode, u.Reason)));
        }
        var proposal = new PairingProposal
        {
            AreaCode = areaCode, Status = ProposalStatus.Open, BaseFingerprint = fingerprint, CreatedBy = actor, CreatedAt = DateTimeOffset.UtcNow,
            SettingsJson = JsonSerializer.Serialize(new { Quotas = settings.Quotas.ToArray(), settings.PerKm, settings.Keep, settings.Rebalance }, Json),
            ResultJson = JsonSerializer.Serialize(new PairingProposalDocument(changes, unpaired), Json),
        };
        db.PairingProposals.Add(proposal);
        return proposal;
    }

    public static PairingProposalDocument Document(PairingProposal p) => JsonSerializer.Deserialize<PairingProposalDocument>(p.ResultJson, Json)!;

    /// <summary>
    /// Ends moved and removed pairings and starts added and moved ones, at one instant. The caller has checked the
    /// proposal is open and not stale (<see cref="PairingLoader.LoadAsync"/>'s fingerprint).
    /// Returns the ids of the pairings ended.
    /// </summary>
    public static async Task<List<long>> ApplyAsync(GridGovDbContext db, PairingProposal proposal, string actor, CancellationToken ct)
    {
        var doc = Document(proposal);
        var stamp = DateTimeOffset.UtcNow;
        var reason = $"结对调整（方案 #{proposal.Id}）";
        var ending = doc.Changes.Where(c => c.Kind is LinkChangeKind.Moved or LinkChangeKind.Removed).Select(c => c.HouseholdId).ToHashSet();
        var toEnd = await db.CadrePairings.Where(p => p.ValidTo == null && ending.Contains(p.HouseholdId)).ToListAsync(ct);
        foreach (var p in toEnd) p.End(stamp, actor, reason);
        // The partial unique index checks per statement: old pairings end before new ones exist.
        await db.SaveChangesAsync(ct);
        foreach (var c in doc.Changes.Where(c => c.Kind is LinkChangeKind.Added or LinkChangeKind.Moved))
            db.CadrePairings.Add(new CadrePairing
            {
                CadreId = c.ToCadreId!.Value, HouseholdId = c.HouseholdId, VillageCode = c.VillageCode, ValidFrom = stamp,
                CreatedBy = actor, ProposalId = proposal.Id,
            });
        proposal.Status = ProposalStatus.Applied;
        proposal.AppliedAt = stamp;
        await db.SaveChangesAsync(ct);
        return [.. toEnd.Select(p => p.Id)];
    }
}
