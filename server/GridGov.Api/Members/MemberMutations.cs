using GraphQL;
using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Households;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Members;

/// <summary>
/// Keeping the member roster true: a new member, a changed status, capacity or household, a move to another branch.
/// State changes are the member's own (<see cref="PartyMember.ChangeStatus"/>, <see cref="PartyMember.MoveToBranch"/>);
/// what they mean for links is <see cref="MemberTransfer"/>.
/// </summary>
public sealed class MemberMutations : IMutationFields
{
    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<MemberPayloadType>>("addMember")
            .Description("Adds a party member to a village's branch. Gender and birth year come from the ID number unless given; " +
                         "home is the member's own household's house, else the village centre.")
            .Argument<NonNullGraphType<AddMemberInputType>>("input")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var name = RosterValues.Text((string?)input["name"], Person.MaxNameLength, Messages.PersonNameLength);
                var idNumber = RosterValues.IdNumber((string?)input["idNumber"] ?? "");
                var birthYear = input.GetValueOrDefault("birthYear") as int?;
                if (birthYear is { } y && (y < 1900 || y > DateTime.UtcNow.Year)) throw GridGovError.Invalid(Messages.BirthYearOutOfRange);
                var phone = RosterValues.Phone(input.GetValueOrDefault("phone") as string);
                var capacity = Capacity(input.GetValueOrDefault("capacity") as int?);
                var joinedOn = input.GetValueOrDefault("joinedOn") as DateOnly?;
                if (joinedOn > DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))) throw GridGovError.Invalid(Messages.JoinedOnInFuture);

                var village = await RosterValues.RequireRosterVillageAsync(db, caller, (string)input["villageCode"]!, ct);
                var branch = await BranchAsync(db, village.Code, ct);
                var existing = await db.People.Where(p => p.IdNumber == idNumber).OrderBy(p => p.Id).ToListAsync(ct);
                var ids = existing.Select(p => p.Id).ToList();
                if (await db.PartyMembers.Where(x => ids.Contains(x.PersonId)).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct) is { } taken)
                    throw new GridGovError(ErrorCodes.Conflict, Messages.MemberIdNumberTaken(taken));
                // A person we know already (a cadre, a household's head) becomes the member; else a new person.
                var person = existing.FirstOrDefault() ?? Person.Identified(name, idNumber, input.GetValueOrDefault("gender") as Gender?, birthYear, DataSource.Entered);
                if (person.Id == 0) db.People.Add(person);
                else
                {
                    person.Name = name;
                    if (input.GetValueOrDefault("gender") is Gender g) person.Gender = g;
                    person.BirthYear = birthYear ?? person.BirthYear;
                }
                if (phone is not null) person.Phone = phone;

                var house = input.GetValueOrDefault("householdId") is { } hid ? await OwnHouseholdAsync(db, Convert.ToInt64(hid), village.Code, ct) : null;
                var notes = new List<RosterNote>();
                var member = new PartyMember
                {
                    Person = person, BranchId = branch, VillageCode = village.Code,
                    Home = house?.Location ?? RosterValues.VillageCentre(village),
                    Status = input.GetValueOrDefault("status") as MemberStatus? ?? MemberStatus.Active,
                    JoinedOn = joinedOn,
                    IsProbationary = input.GetValueOrDefault("probationary") as bool? ?? false,
                };
                member.SetCapacity(capacity);
                if (house is not null) member.LiveIn(person, house);
                else notes.Add(new RosterNote("HOME_FROM_VILLAGE", Messages.NoteHomeFromVillage));
                db.PartyMembers.Add(member);
                await db.SaveChangesAsync(ct);
                Audit.Record(db, caller, "addMember", "PartyMember", member.Id, member.VillageCode, null, Snapshot(member, person));
                return new MemberPayload(member, [], null, notes);
            })), Role.CountyAdmin, Role.BranchSecretary, Role.System);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<MemberPayloadType>>("updateMember")
            .Description("Changes a member's phone, capacity, status, probation or own household; only the fields given change. " +
                         "DECEASED or LEFT ends the member's links and proposes their households to other members (proposalId); " +
                         "MIGRANT keeps the links as remote contact (a note says so).")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<UpdateMemberInputType>>("input")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var (member, person) = await LoadAsync(db, caller, ctx.GetArgument<long>("id"), ct);
                await db.LockVillageAsync(member.VillageCode, ct); // link writes of a village queue up
                var before = Snapshot(member, person);
                var notes = new List<RosterNote>();
                if (input.Has("phone")) person.Phone = RosterValues.Phone((string?)input["phone"]);
                if (input.Has("capacity")) member.SetCapacity(Capacity((int?)input["capacity"]));
                if (input.Has("probationary")) member.IsProbationary = input.NotNull<bool>("probationary");
                if (input.Has("householdId"))
                {
                    if (input["householdId"] is { } hid) member.LiveIn(person, await OwnHouseholdAsync(db, Convert.ToInt64(hid), member.VillageCode, ct));
                    else
                    {
                        person.HouseholdId = null;
                        member.Home = RosterValues.VillageCentre(await db.Areas.AsNoTracking().FirstAsync(a => a.Code == member.VillageCode, ct));
                        notes.Add(new RosterNote("HOME_FROM_VILLAGE", Messages.NoteHomeFromVillage));
                    }
                }
                var consequence = input.Has("status") ? member.ChangeStatus(input.NotNull<MemberStatus>("status")) : LinkConsequence.None;
                var reason = member.Status == MemberStatus.Deceased ? Messages.LinkEndDeceased : Messages.LinkEndLeft;
                var outcome = await MemberTransfer.ApplyAsync(db, caller, member, member.VillageCode, consequence, reason, ct);
                var after = Snapshot(member, person);
                Audit.Record(db, caller, "updateMember", "PartyMember", member.Id, member.VillageCode, before,
                    outcome.Proposal is null ? after : new { member = after, proposalId = outcome.Proposal.Id, endedLinks = outcome.EndedLinks.Count });
                return new MemberPayload(member, outcome.EndedLinks, outcome.Proposal, [.. outcome.Notes, .. notes]);
            })), Role.CountyAdmin, Role.BranchSecretary, Role.System);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<MemberPayloadType>>("moveMember")
            .Description("转接组织关系: moves a member to the branch of another village of the same county (roster rights over both " +
                         "villages). Their links in the old village end and a proposal places those households with its other members.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode", "The village of the new branch.")
            .Argument<IdGraphType>("householdId", "The member's own household in the new village, if known (home is its house; else the village centre).")
            .ResolveAsync(async ctx => await ctx.InTransactionAsync(async (db, caller) =>
            {
                var ct = ctx.CancellationToken;
                var (member, person) = await LoadAsync(db, caller, ctx.GetArgument<long>("id"), ct);
                var target = await RosterValues.RequireRosterVillageAsync(db, caller, ctx.GetArgument<string>("villageCode"), ct);
                var former = member.VillageCode;
                if (target.Code == former) throw GridGovError.Invalid(Messages.MemberAlreadyInBranch(former));
                if (Area.CountyCodeOf(target.Code) != Area.CountyCodeOf(former)) throw GridGovError.Invalid(Messages.MemberMoveOtherCounty(target.Code));
                if (GridGov.Domain.Linking.MemberCapacity.IsGone(member.Status)) throw GridGovError.Invalid(Messages.MemberGoneCannotMove);
                var branch = await BranchAsync(db, target.Code, ct);
                // Both villages' links and members change: lock them in code order, so two moves never wait on each other.
                foreach (var code in new[] { former, target.Code }.Order(StringComparer.Ordinal)) await db.LockVillageAsync(code, ct);
                var house = ctx.GetArgument<long?>("householdId") is { } hid ? await OwnHouseholdAsync(db, hid, target.Code, ct) : null;
                var before = Snapshot(member, person);
                var consequence = member.MoveToBranch(branch, target.Code, house?.Location ?? RosterValues.VillageCentre(target));
                var notes = new List<RosterNote>();
                if (house is not null) member.LiveIn(person, house);
                else
                {
                    person.HouseholdId = null; // the old house is in the old village
                    notes.Add(new RosterNote("HOME_FROM_VILLAGE", Messages.NoteHomeFromVillage));
                }
                var outcome = await MemberTransfer.ApplyAsync(db, caller, member, former, consequence, Messages.LinkEndMoved, ct);
                var after = Snapshot(member, person);
                // One event in each village's log: the old one loses the member, the new one gains them.
                Audit.Record(db, caller, "moveMember", "PartyMember", member.Id, former, before,
                    new { member = after, proposalId = outcome.Proposal?.Id, endedLinks = outcome.EndedLinks.Count });
                Audit.Record(db, caller, "moveMember", "PartyMember", member.Id, target.Code, before, after);
                return new MemberPayload(member, outcome.EndedLinks, outcome.Proposal, [.. outcome.Notes, .. notes]);
            })), Role.CountyAdmin, Role.BranchSecretary, Role.System);
    }

    private static int? Capacity(int? capacity) =>
        capacity is < 0 or > PartyMember.MaxCapacity ? throw GridGovError.Invalid(Messages.MemberCapacityOutOfRange) : capacity;

    private static async Task<long> BranchAsync(GridGovDbContext db, string villageCode, CancellationToken ct) =>
        await db.PartyBranches.Where(b => b.VillageCode == villageCode).Select(b => (long?)b.Id).FirstOrDefaultAsync(ct)
            ?? throw GridGovError.Invalid(Messages.RosterVillageWithoutBranch(villageCode));

    /// <summary>A member (tracked, with their person) whose village's roster the caller keeps.</summary>
    private static async Task<(PartyMember Member, Person Person)> LoadAsync(GridGovDbContext db, Caller caller, long id, CancellationToken ct)
    {
        var member = await db.PartyMembers.Include(x => x.Person).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw GridGovError.NotFound("member", id.ToString());
        RosterValues.RequireRoster(caller, member.VillageCode);
        return (member, member.Person!);
    }

    private static async Task<Household> OwnHouseholdAsync(GridGovDbContext db, long id, string villageCode, CancellationToken ct)
    {
        var h = await db.Households.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw GridGovError.NotFound("household", id.ToString());
        return h.VillageCode == villageCode ? h : throw GridGovError.Invalid(Messages.MemberHouseholdOtherVillage);
    }

    /// <summary>Audit snapshot: ID number and phone masked.</summary>
    private static object Snapshot(PartyMember m, Person p) => new
    {
        m.Id, m.PersonId, p.Name, IdNumber = Masking.IdNumber(p.IdNumber), Phone = Masking.Phone(p.Phone), Gender = p.Gender.ToString(),
        p.BirthYear, p.HouseholdId, m.VillageCode, m.BranchId, Status = m.Status.ToString(), m.Capacity, m.JoinedOn,
        Probationary = m.IsProbationary, Home = Audit.Geo(m.Home),
    };
}
