using GraphQL.Types;
using GridGov.Api.CheckIns;
using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using GridGov.Persistence.Cadres;

namespace GridGov.Api.Cadres;

public sealed class WorkLogInputType : InputObjectGraphType
{
    public WorkLogInputType()
    {
        Name = "WorkLogInput";
        Field<NonNullGraphType<StringGraphType>>("text").Description($"What was done today, at most {WorkLogEntry.MaxTextLength} characters.");
        Field<DateOnlyGraphType>("day").Description($"The day of the work (China date; default today, at most {WorkLogEntry.MaxDaysBack} days back).");
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("householdIds").Description("Households of the village the work concerns (visited).");
        Field<StringGraphType>("clientId").Description("A UUID the phone makes per entry: a retry with the same id and content returns the entry " +
                                                       "made before; with other content it is refused (CONFLICT, reason CLIENT_ID_REUSED).");
    }
}

/// <summary>An entry with its author, as the lists show it.</summary>
public sealed record WorkLogItem(WorkLogEntry Entry, string CadreName, CadreKind Kind);

public sealed class WorkLogEntryType : ObjectGraphType<WorkLogItem>
{
    public WorkLogEntryType()
    {
        Name = "WorkLogEntry";
        Description = "工作信息: a cadre's short daily report from the village.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Entry.Id);
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.Entry.CadreId);
        Field<NonNullGraphType<StringGraphType>>("cadreName").Resolve(c => c.Source.CadreName);
        Field<NonNullGraphType<CadreKindEnum>>("cadreKind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("villageCode").Resolve(c => c.Source.Entry.VillageCode);
        Field<NonNullGraphType<DateOnlyGraphType>>("day").Resolve(c => c.Source.Entry.Day);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Entry.Text);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("householdIds").Resolve(c => c.Source.Entry.HouseholdIds);
        Field<StringGraphType>("clientId").Resolve(c => c.Source.Entry.ClientId?.ToString());
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.Entry.CreatedAt);
    }
}

public sealed class WorkLedgerRowType : ObjectGraphType<WorkLedgerRow>
{
    public WorkLedgerRowType()
    {
        Name = "WorkLedgerRow";
        Description = "工作实绩台账: a cadre's month — work log entries, days reported, households visited (named in the entries), and the " +
                      "declarations of the branch of the village they serve (all submitted in the month, and those approved).";
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.CadreId);
        Field(c => c.Name);
        Field<NonNullGraphType<CadreKindEnum>>("kind").Resolve(c => c.Source.Kind);
        Field<CadreRankEnum>("rank").Resolve(c => c.Source.Rank);
        Field(c => c.VillageCode);
        Field(c => c.Entries);
        Field(c => c.DaysReported);
        Field(c => c.HouseholdsVisited);
        Field(c => c.BranchDeclarations);
        Field(c => c.BranchDeclarationsApproved);
    }
}
