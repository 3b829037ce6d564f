using GraphQL.Types;
using GridGov.Domain.Members;

namespace GridGov.Api.Monthly;

/// <summary>
/// A member as the branch board shows them (支部活动日展示): the board is public to the branch, so it names the member
/// and nothing else — no home, birth year, phone or households. Details stay behind `partyMember` and `memberReport`.
/// </summary>
public sealed class BoardMemberType : ObjectGraphType<PartyMember>
{
    public BoardMemberType()
    {
        Name = "BranchBoardMember";
        Description = "A member on the public branch board: id and name only.";
        Field(m => m.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(ctx => ctx.Source.Person?.Name ?? "");
    }
}
