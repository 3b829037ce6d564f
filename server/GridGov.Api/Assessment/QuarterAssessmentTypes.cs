using GraphQL.Types;
using GridGov.Domain.Assessment;
using GridGov.Persistence.Assessment;

namespace GridGov.Api.Assessment;

public sealed class EscalationStepEnum : EnumerationGraphType<EscalationStep>
{
    public EscalationStepEnum()
    {
        Name = "EscalationStep";
        Description = "For a township graded 「差」: ORGANISATION_HEAD_TALK 组织部长约谈 (first time), COUNTY_SECRETARY_TALK 县委书记约谈 " +
                      "(twice in a row), ORGANISATIONAL_ADJUSTMENT 组织调整 (three or more quarters in a row).";
    }
}

public sealed class TownshipQuarterPlaceType : ObjectGraphType<TownshipQuarterPlace>
{
    public TownshipQuarterPlaceType()
    {
        Name = "TownshipQuarterPlace";
        Field<NonNullGraphType<StringGraphType>>("quarter").Resolve(c => QuarterArgument.Name(c.Source.Quarter));
        Field(p => p.Rank);
        Field(p => p.Score);
        Field(p => p.Poor).Description("Graded 「差」 (the bottom five).");
    }
}

public sealed class EscalationRowType : ObjectGraphType<EscalationRow>
{
    public EscalationRowType()
    {
        Name = "EscalationRow";
        Field(r => r.TownshipCode);
        Field(r => r.Name);
        Field(r => r.Rank);
        Field(r => r.Score);
        Field(r => r.PoorInARow).Description("Closed quarters in a row, ending at this one, graded 「差」.");
        Field<NonNullGraphType<EscalationStepEnum>>("step").Resolve(c => c.Source.Step);
        Field<NonNullGraphType<StringGraphType>>("stepName").Description("组织部长约谈 / 县委书记约谈 / 组织调整.").Resolve(c => Escalation.Zh(c.Source.Step));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TownshipQuarterPlaceType>>>>("history")
            .Description("Its places in the closed quarters of the last two years, newest first.").Resolve(c => c.Source.History);
    }
}

public sealed class TownshipResultRowType : ObjectGraphType<TownshipResultRow>
{
    public TownshipResultRowType()
    {
        Name = "TownshipResultRow";
        Field(r => r.TownshipCode);
        Field(r => r.Name);
        Field(r => r.Rank);
        Field(r => r.Score);
        Field(r => r.Poor);
    }
}

public sealed class CadreResultRowType : ObjectGraphType<CadreResultRow>
{
    public CadreResultRowType()
    {
        Name = "CadreResultRow";
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.CadreId);
        Field(r => r.Name);
        Field(r => r.VillageCode);
        Field(r => r.VillageName);
        Field(r => r.Rank);
        Field(r => r.Score);
        Field<NonNullGraphType<CadreGradeEnum>>("grade").Resolve(c => c.Source.Grade);
    }
}

public sealed class QuarterAssessmentType : ObjectGraphType<QuarterAssessment>
{
    public QuarterAssessmentType()
    {
        Name = "QuarterAssessment";
        Description = "A closed quarter's results as kept (closeAssessmentQuarter); every list is empty while the quarter is not closed.";
        Field<NonNullGraphType<StringGraphType>>("quarter").Resolve(c => QuarterArgument.Name(c.Source.Quarter));
        Field(q => q.Closed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EscalationRowType>>>>("escalations")
            .Description("Townships graded 「差」 this quarter, longest run first, with the step each faces.").Resolve(c => c.Source.Escalations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TownshipResultRowType>>>>("topTownships")
            .Description("Ranks 1–5 (more when tied).").Resolve(c => c.Source.TopTownships);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreResultRowType>>>>("topCadres")
            .Description("前20名: cadres ranked 1–20 (more when tied).").Resolve(c => c.Source.TopCadres);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreResultRowType>>>>("promotionPriority")
            .Description("「连续两年优秀并排名前20名」: 优秀 and in the first 20 in each of the eight closed quarters ending at this one.")
            .Resolve(c => c.Source.PromotionPriority);
    }
}
