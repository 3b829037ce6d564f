using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Api.Linking;
using GridGov.Api.Links;
using GridGov.Domain.Links;
using GridGov.Domain.Members;

namespace GridGov.Api.Members;

public sealed class AddMemberInputType : InputObjectGraphType
{
    public AddMemberInputType()
    {
        Name = "AddMemberInput";
        Description = "A new party member (党员) of a village's branch.";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("idNumber").Description("身份证号, checked by its GB 11643 check digit; one member per ID number.");
        Field<GenderEnum>("gender").Description("Default: from the ID number.");
        Field<IntGraphType>("birthYear").Description("Default: from the ID number.");
        Field<NonNullGraphType<StringGraphType>>("villageCode").Description("The village whose branch the member belongs to.");
        Field<IdGraphType>("householdId").Description("The member's own household (住户), in that village: home is its house; else the village centre.");
        Field<StringGraphType>("phone");
        Field<MemberStatusEnum>("status").Description("Default ACTIVE.");
        Field<IntGraphType>("capacity").Description("Households the member may look after, 0–100; default: the county's for the status.");
        Field<DateOnlyGraphType>("joinedOn").Description("入党日期, not in the future.");
        Field<BooleanGraphType>("probationary").Description("预备党员 (default false).");
    }
}

public sealed class UpdateMemberInputType : InputObjectGraphType
{
    public UpdateMemberInputType()
    {
        Name = "UpdateMemberInput";
        Description = "Changes to a member: only the fields given change. A status of DECEASED or LEFT ends the member's links and " +
                      "proposes their households to others; MIGRANT keeps the links as remote contact.";
        Field<StringGraphType>("phone").Description("null clears it.");
        Field<IntGraphType>("capacity").Description("0–100; null returns to the county default for the status.");
        Field<MemberStatusEnum>("status");
        Field<BooleanGraphType>("probationary");
        Field<IdGraphType>("householdId").Description("The member's own household in their village (home moves to its house); null: unknown, home at the village centre.");
    }
}

/// <summary>A member after a roster change, and what the transfer rule did.</summary>
public sealed record MemberPayload(PartyMember Member, IReadOnlyList<Link> EndedLinks, LinkProposal? Proposal, IReadOnlyList<RosterNote> Notes);

public sealed class MemberPayloadType : ObjectGraphType<MemberPayload>
{
    public MemberPayloadType()
    {
        Name = "MemberPayload";
        Field<NonNullGraphType<PartyMemberType>>("member").Resolve(c => c.Source.Member);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkType>>>>("endedLinks")
            .Description("Links that ended with this change (the member died, left or moved branch).").Resolve(c => c.Source.EndedLinks);
        Field<IdGraphType>("proposalId").Description("The transfer proposal placing those households with other members; the secretary applies it.")
            .Resolve(c => c.Source.Proposal?.Id);
        Field<LinkProposalType>("proposal").Resolve(c => c.Source.Proposal);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RosterNoteType>>>>("notes").Resolve(c => c.Source.Notes);
    }
}
