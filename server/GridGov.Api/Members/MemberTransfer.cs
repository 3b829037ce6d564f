using GridGov.Persistence.Linking;
using GridGov.Api.Cells;
using GridGov.Api.Infrastructure;
using GridGov.Api.Linking;
using GridGov.Api.Resources;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Members;

/// <summary>What the transfer rule did for one member.</summary>
public sealed record TransferOutcome(IReadOnlyList<Link> EndedLinks, LinkProposal? Proposal, IReadOnlyList<RosterNote> Notes)
{
    public static readonly TransferOutcome Nothing = new([], null, []);
}

/// <summary>
/// The transfer rule: when a member can no longer hold links in a village (died, left, moved to another branch), their
/// current links end in the same transaction, with the reason, and a proposal places their households with the
/// village's other members — never silently dropped; what nobody can take is reported unlinked in the proposal.
/// A migrant member keeps their links, as remote contact, and is told so.
/// </summary>
public static class MemberTransfer
{
    /// <param name="formerVillage">The village the member held links in (before a move).</param>
    public static async Task<TransferOutcome> ApplyAsync(GridGovDbContext db, Caller caller, PartyMember member, string formerVillage,
        LinkConsequence consequence, BilingualText reason, CancellationToken ct)
    {
        switch (consequence)
        {
            case LinkConsequence.RemoteOnly:
                var held = await db.Links.CountAsync(l => l.MemberId == member.Id && l.ValidTo == null, ct);
                return held == 0 ? TransferOutcome.Nothing : new([], null, [new RosterNote("REMOTE_ONLY", Messages.NoteRemoteOnly(held))]);
            case LinkConsequence.EndLinks:
                break;
            default:
                return TransferOutcome.Nothing;
        }

        // The member's new status or branch is stored first, so the proposal sees the village without them.
        await db.SaveChangesAsync(ct);
        var notes = new List<RosterNote>();
        var now = DateTimeOffset.UtcNow;
        var links = await db.Links.Where(l => l.MemberId == member.Id && l.ValidTo == null).OrderBy(l => l.HouseholdId).ToListAsync(ct);
        foreach (var l in links) l.End(now, caller.Actor, reason.Both);

        var led = await db.GridCells.Where(c => c.LeaderMemberId == member.Id).ToListAsync(ct);
        foreach (var cell in led)
        {
            var before = new { cell.Id, cell.LeaderMemberId, cell.Version };
            cell.LeaderMemberId = null;
            CellMutations.Touch(cell);
            // Its own action, not setCellLeader: a consequence of the member leaving, which the secretary's undo must not offer
            // (undoing it would ask a member who can no longer lead to lead again, and block the older undos behind it).
            Audit.Record(db, caller, "transferMember.unlead", "GridCell", cell.Id, cell.VillageCode, before, new { cell.Id, cell.LeaderMemberId, cell.Version });
        }
        if (led.Count > 0) notes.Add(new RosterNote("CELLS_UNLED", Messages.NoteCellsUnled(led.Count)));
        await db.SaveChangesAsync(ct);
        if (links.Count == 0) return new([], null, notes);

        var settings = await ProposalService.CountySettingsAsync(db, formerVillage, ct);
        var proposal = await ProposalService.CreateHandoverAsync(db, formerVillage, settings, member.Id,
            links.Select(l => l.HouseholdId).ToList(), caller.Actor, ct);
        await db.SaveChangesAsync(ct);
        var doc = ProposalService.Document(proposal);
        Audit.Record(db, caller, "proposeTransfer", "LinkProposal", proposal.Id, formerVillage, null, new
        {
            proposal.Id, proposal.VillageCode, memberId = member.Id, endedLinks = links.Select(l => l.Id).ToList(),
            unlinked = doc.Unlinked.Select(u => u.HouseholdId).ToList(),
        });
        notes.Insert(0, new RosterNote("LINKS_ENDED", Messages.NoteLinksEnded(links.Count, proposal.Id)));
        if (doc.Unlinked.Count > 0) notes.Add(new RosterNote("UNPLACED", Messages.NoteUnplaced(doc.Unlinked.Count)));
        return new(links, proposal, notes);
    }
}
