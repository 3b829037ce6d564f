using GraphQL.Types;
using GridGov.Domain.Cadres;

namespace GridGov.Api.Cadres;

public sealed class CadreRankEnum : EnumerationGraphType<CadreRank>
{
    public CadreRankEnum()
    {
        Name = "CadreRank";
        Description = "职级: COUNTY 县级, SECTION 科级, GENERAL 一般干部, VILLAGE 村干部.";
    }
}
