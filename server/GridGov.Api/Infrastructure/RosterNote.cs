using GraphQL.Types;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>What a roster change also did or found, for the person who made it (Chinese first).</summary>
public sealed record RosterNote(string Code, BilingualText Text);

public sealed class RosterNoteType : ObjectGraphType<RosterNote>
{
    public RosterNoteType()
    {
        Name = "RosterNote";
        Description = "What a roster change also did or found: LINKS_ENDED, UNPLACED, REMOTE_ONLY, CELLS_UNLED, LOCATION_FROM_VILLAGE, OUTSIDE_VILLAGE, HOME_FROM_VILLAGE.";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Description("In Chinese.").Resolve(c => c.Source.Text.Zh);
        Field<NonNullGraphType<StringGraphType>>("messageEn").Resolve(c => c.Source.Text.En);
    }
}
