using GraphQL.Types;
using GridGov.Domain.Assessment;

namespace GridGov.Api.Assessment;

/// <summary>A dispatch record with the names of the cadres present.</summary>
public sealed record MonthlyDispatchItem(MonthlyDispatch Dispatch, string TownshipName, IReadOnlyList<CadrePresent> Cadres);

public sealed record CadrePresent(long CadreId, string Name, string VillageCode);

public sealed class CadrePresentType : ObjectGraphType<CadrePresent>
{
    public CadrePresentType()
    {
        Name = "CadrePresent";
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.CadreId);
        Field(c => c.Name);
        Field(c => c.VillageCode);
    }
}

public sealed class MonthlyDispatchType : ObjectGraphType<MonthlyDispatchItem>
{
    public MonthlyDispatchType()
    {
        Name = "MonthlyDispatch";
        Description = "乡镇党委书记每月调度: the township secretary's monthly meeting with the cadres serving in the township.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Dispatch.Id);
        Field<NonNullGraphType<StringGraphType>>("townshipCode").Resolve(c => c.Source.Dispatch.TownshipCode);
        Field<NonNullGraphType<StringGraphType>>("townshipName").Resolve(c => c.Source.TownshipName);
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Resolve(c => c.Source.Dispatch.Date);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadrePresentType>>>>("cadresPresent").Resolve(c => c.Source.Cadres);
        Field<NonNullGraphType<StringGraphType>>("notes").Resolve(c => c.Source.Dispatch.Notes);
        Field<StringGraphType>("followUps").Description("督办事项, one per line.").Resolve(c => c.Source.Dispatch.FollowUps);
        Field<NonNullGraphType<StringGraphType>>("createdBy").Resolve(c => c.Source.Dispatch.CreatedBy);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.Dispatch.CreatedAt);
    }
}

public sealed class MonthlyDispatchInputType : InputObjectGraphType
{
    public MonthlyDispatchInputType()
    {
        Name = "MonthlyDispatchInput";
        Field<NonNullGraphType<StringGraphType>>("townshipCode");
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Description("The China date of the meeting: not after today, at most a year back.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("cadreIds").Description("Cadres present, serving in the township that day.");
        Field<NonNullGraphType<StringGraphType>>("notes").Description($"What was dealt with, at most {MonthlyDispatch.MaxTextLength} characters.");
        Field<StringGraphType>("followUps").Description($"督办事项, one per line, at most {MonthlyDispatch.MaxTextLength} characters.");
    }
}
