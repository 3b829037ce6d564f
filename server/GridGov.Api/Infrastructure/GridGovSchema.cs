using GraphQL.Types;
using GridGov.Api.Areas;

namespace GridGov.Api.Infrastructure;

public sealed class GridGovSchema : Schema
{
    public GridGovSchema(IServiceProvider services, QueryType query) : base(services)
    {
        Query = query;
        Description = "GridGov: grid-governance GIS of a rural county.";
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
