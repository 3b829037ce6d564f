using GraphQL.Types;
using GridGov.Api.Areas;

namespace GridGov.Api.Infrastructure;

public sealed class GridGovSchema : Schema
{
    public GridGovSchema(IServiceProvider services, QueryType query, MutationType mutation) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Description = "GridGov 网格治理：农村县的网格化管理地理信息系统。GridGov: grid-governance GIS of a rural county.";
    }
}

/// <summary>The root query; each feature folder adds its fields through an <see cref="IQueryFields"/>.</summary>
public sealed class QueryType : ObjectGraphType
{
    public QueryType(IEnumerable<IQueryFields> features)
    {
        Name = "Query";
        foreach (var f in features.OrderBy(f => f.GetType().FullName, StringComparer.Ordinal)) f.Add(this);
    }
}

public interface IQueryFields
{
    void Add(ObjectGraphType query);
}

/// <summary>The root mutation; each feature folder adds its fields through an <see cref="IMutationFields"/>.</summary>
public sealed class MutationType : ObjectGraphType
{
    public MutationType(IEnumerable<IMutationFields> features)
    {
        Name = "Mutation";
        foreach (var f in features.OrderBy(f => f.GetType().FullName, StringComparer.Ordinal)) f.Add(this);
    }
}

public interface IMutationFields
{
    void Add(ObjectGraphType mutation);
}
