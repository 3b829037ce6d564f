using GraphQL.Types;
using GridGov.Api.Cadres;
using GridGov.Api.CheckIns;
using GridGov.Domain.Assessment;
using GridGov.Persistence.Assessment;

namespace GridGov.Api.Assessment;

public sealed class CadrePartEnum : EnumerationGraphType<CadrePart>
{
    public CadrePartEnum()
    {
        Name = "CadrePart";
        Description = "Parts of a cadre's quarterly score (default weights; the county may set its own): CHECK_IN 到岗到位 compliance 25, " +
                      "WORK_LOG days with 工作信息 ÷ required days 15, COVERAGE the served village's linked share 15, CONTACT its contacted share 15, " +
                      "PAIRING_VISITS 结对帮扶 households visited ÷ expected 10, MANUAL the township's score ÷ 100 20.";
    }
}

public sealed class CadreGradeEnum : EnumerationGraphType<CadreGrade>
{
    public CadreGradeEnum()
    {
        Name = "CadreGrade";
        Description = "EXCELLENT 优秀 (≥ 90), QUALIFIED 合格 (≥ 75), BASICALLY_QUALIFIED 基本合格 (≥ 60), POOR 差 (below 60).";
    }
}

public sealed class CadreScorePartType : ObjectGraphType<CadreScorePart>
{
    public CadreScorePartType()
    {
        Name = "CadreScorePart";
        Field<NonNullGraphType<CadrePartEnum>>("part").Resolve(c => c.Source.Part);
        Field(p => p.Value).Description("The measured value, 0–1.");
        Field(p => p.Weight).Description("The county's weight (of 100).");
        Field(p => p.Points).Description("weight × value, scaled up when another part does not apply.");
        Field(p => p.Applicable).Description("False when there was nothing to measure (e.g. no township score entered).");
    }
}

public sealed class CadreRankingRowType : ObjectGraphType<CadreRankingRow>
{
    public CadreRankingRowType()
    {
        Name = "CadreRankingRow";
        Description = "A 第一书记 (驻村工作组长) in the quarter's cadre ranking.";
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.Score.CadreId);
        Field(r => r.Name);
        Field<NonNullGraphType<CadreKindEnum>>("kind").Resolve(c => c.Source.Kind);
        Field<CadreRankEnum>("cadreRank").Description("职级; null when not recorded.").Resolve(c => c.Source.CadreRank);
        Field(r => r.VillageCode);
        Field(r => r.VillageName);
        Field(r => r.TownshipCode);
        Field(r => r.TownshipName);
        Field<NonNullGraphType<IntGraphType>>("rank").Description("1 = best in the county; equal scores share a rank.").Resolve(c => c.Source.Score.Rank);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("0–100.").Resolve(c => c.Source.Score.Score);
        Field<NonNullGraphType<CadreGradeEnum>>("grade").Resolve(c => c.Source.Score.Grade);
        Field<FloatGraphType>("manualScore").Description("The township's score (0–100), null until entered.").Resolve(c => c.Source.ManualScore);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreScorePartType>>>>("parts").Resolve(c => c.Source.Score.Parts);
    }
}

public sealed class CadreWeightsType : ObjectGraphType<CadreWeights>
{
    public CadreWeightsType()
    {
        Name = "CadreWeights";
        Description = "A county's weights of the cadre ranking's parts (whole points adding to 100).";
        Field(w => w.CountyCode);
        Field(w => w.CheckIn);
        Field(w => w.WorkLog);
        Field(w => w.Coverage);
        Field(w => w.Contact);
        Field(w => w.PairingVisits);
        Field(w => w.Manual);
    }
}

public sealed class CadreWeightsInputType : InputObjectGraphType
{
    public CadreWeightsInputType()
    {
        Name = "CadreWeightsInput";
        Description = "Each 0–100, adding to 100.";
        foreach (var name in new[] { "checkIn", "workLog", "coverage", "contact", "pairingVisits", "manual" })
            Field<NonNullGraphType<IntGraphType>>(name);
    }
}
