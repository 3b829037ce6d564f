using GraphQL.Types;
using GraphQL.Validation.Complexity;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// What a request may cost before it runs: every field counts 1, and a list multiplies what is
/// below it by the rows it returns — its <c>first</c> when given, else the size the county's data
/// really has (<see cref="ExpectedRows"/>), not a flat guess. The numbers are upper ends of the
/// real county (Yinjiang: 17 townships, at most 44 villages in one), written down in docs/api.md.
/// </summary>
public static class CostModel
{
    /// <summary>The most a request may cost (≈ rows × fields it reads).</summary>
    public const int MaxComplexity = 200_000;
    /// <summary>Nesting of data fields; introspection is measured apart (IntrospectionExemption).</summary>
    public const int MaxDepth = 12;
    /// <summary>A list this table does not know.</summary>
    public const int DefaultListRows = 20;

    /// <summary>Rows a list field returns per parent when the query gives no <c>first</c>: "Type.field" → rows.</summary>
    public static IReadOnlyDictionary<string, int> ExpectedRows { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["Query.townships"] = 20,            // townships of a county (17)
        ["Query.villages"] = 400,            // villages of a county (377)
        ["Query.gridCells"] = 4_000,         // cells changed since a date, county-wide
        ["Query.linkProposals"] = 50,
        ["Query.ranking"] = 400,
        ["Query.reviewQueue"] = 500,
        ["Query.checkIns"] = 1_000,
        ["Query.cadreCompliance"] = 400,
        ["Query.importJobs"] = 50,
        ["County.townships"] = 20,
        ["Township.villages"] = 45,          // villages of one township (at most 44)
        ["Village.gridCells"] = 30,          // cells of a village
        // Households of one cell: with Village.gridCells (30) it bounds a village's households (at most
        // ~1,500) by 1,800. One cell may hold more; the product over the levels is what the limit guards.
        ["GridCell.households"] = 60,
        ["PartyMember.households"] = 20,     // a member's households (capacity 5–10, configurable)
        ["PartyMember.leadsCells"] = 5,
        ["Household.links"] = 10,            // link history of a household
        ["Household.ties"] = 10,
        ["Coverage.children"] = 45,
        ["LinkJob.proposals"] = 400,         // one per village
        ["LinkProposal.links"] = 1_500,      // households of a village
        ["LinkProposal.removedLinks"] = 1_500,
        ["LinkProposal.unlinked"] = 1_500,
        ["LinkProposal.memberChanges"] = 200, // members of a village
        ["BranchBoard.members"] = 200,
        ["MemberReport.households"] = 20,
        ["MemberReport.declarations"] = 200,
    };

    /// <summary>The complexity analyzer's per-field delegate (see Hosting); <paramref name="fallback"/> is GraphQL.NET's own.</summary>
    public static FieldComplexityResult Impact(FieldImpactContext context, Func<FieldImpactContext, FieldComplexityResult> fallback)
    {
        var type = context.FieldDefinition.ResolvedType;
        if (type is NonNullGraphType nn) type = nn.ResolvedType;
        if (type is not ListGraphType || HasFirst(context.FieldAst) || context.FieldDefinition.Name is "bbox" or "reasons" or "scopes")
            return fallback(context);
        var key = context.ParentType.Name + "." + context.FieldDefinition.Name;
        // Root gridCells of one village has a village's cells, not the county's.
        if (key == "Query.gridCells" && HasArgument(context.FieldAst, "villageCode")) key = "Village.gridCells";
        if (ExpectedRows.TryGetValue(key, out var rows))
            return new(context.Configuration.DefaultObjectImpact, rows);
        // A connection's nodes/edges without `first` on the connection: its default page.
        if (context.ParentType.Name.EndsWith("Connection", StringComparison.Ordinal) && context.Parent is { } parent && !HasFirst(parent.FieldAst))
            return new(context.Configuration.DefaultObjectImpact, Paging.DefaultFirst);
        return fallback(context);
    }

    private static bool HasArgument(GraphQLParser.AST.GraphQLField field, string name) =>
        field.Arguments?.Any(a => a.Name.Value.Span.SequenceEqual(name)) == true;

    private static bool HasFirst(GraphQLParser.AST.GraphQLField field) =>
        field.Arguments?.Any(a => a.Name.Value.Span.SequenceEqual("first") || a.Name.Value.Span.SequenceEqual("last")) == true;
}
