using GraphQL.DI;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Depth and cost limits protect the data; the introspection meta-fields (<c>__schema</c>, <c>__type</c> and all
/// below them) are bounded by the schema's own size, and the standard introspection query every tool sends is
/// 15 levels deep. So the limits are measured on the operation without those root fields: a data field costs
/// exactly what it costs alone, next to introspection or not.
/// </summary>
public static class IntrospectionExemption
{
    public static bool IsMetaField(ASTNode selection) =>
        selection is GraphQLField { Name.Value: var name } && (name == "__schema" || name == "__type");

    /// <summary>
    /// The operation with its root <c>__schema</c>/<c>__type</c> selections removed (also inside root inline
    /// fragments); the same instance when it has none. Named fragments stay counted: stricter, never looser.
    /// </summary>
    public static GraphQLOperationDefinition DataOnly(GraphQLOperationDefinition operation)
    {
        var selections = DataSelections(operation.SelectionSet);
        if (ReferenceEquals(selections, operation.SelectionSet)) return operation;
        return new GraphQLOperationDefinition(selections)
        {
            Operation = operation.Operation,
            Name = operation.Name,
            Variables = operation.Variables,
            Directives = operation.Directives,
            Location = operation.Location,
        };
    }

    private static GraphQLSelectionSet DataSelections(GraphQLSelectionSet set)
    {
        var kept = new List<ASTNode>(set.Selections.Count);
        var changed = false;
        foreach (var s in set.Selections)
        {
            if (IsMetaField(s)) { changed = true; continue; }
            if (s is GraphQLInlineFragment inline)
            {
                var inner = DataSelections(inline.SelectionSet);
                if (!ReferenceEquals(inner, inline.SelectionSet))
                {
                    changed = true;
                    if (inner.Selections.Count > 0)
                        kept.Add(new GraphQLInlineFragment(inner) { TypeCondition = inline.TypeCondition, Directives = inline.Directives, Location = inline.Location });
                    continue;
                }
            }
            kept.Add(s);
        }
        return changed ? new GraphQLSelectionSet(kept) { Location = set.Location } : set;
    }

    /// <summary>Makes the complexity analyzer measure data fields only (call after AddComplexityAnalyzer).</summary>
    public static IGraphQLBuilder ExemptIntrospectionFromLimits(this IGraphQLBuilder builder)
    {
        builder.Services.Register(typeof(ComplexityValidationRule),
            sp => new DataComplexityRule(sp.GetRequiredService<IOptions<ComplexityOptions>>().Value), GraphQL.DI.ServiceLifetime.Singleton, replace: true);
        return builder;
    }
}

/// <summary>The stock complexity rule, run on <see cref="IntrospectionExemption.DataOnly"/> of the operation.</summary>
public sealed class DataComplexityRule(ComplexityOptions options) : ComplexityValidationRule(options)
{
    protected override async ValueTask<(double TotalComplexity, int MaximumDepth)> CalculateComplexityAsync(ValidationContext context)
    {
        var operation = context.Operation;
        var data = IntrospectionExemption.DataOnly(operation);
        if (data.SelectionSet.Selections.Count == 0) return (0, 0);
        // The context belongs to this request alone; the cached document's nodes are never changed.
        context.Operation = data;
        try { return await base.CalculateComplexityAsync(context); }
        finally { context.Operation = operation; }
    }
}
