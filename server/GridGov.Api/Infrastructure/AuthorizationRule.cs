using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using GridGov.Domain.Access;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Checks the caller before anything executes: anonymous callers get nothing (they log in over
/// REST), mutations need a role that can write, and fields marked with roles are refused to others.
/// Area checks need the data, so resolvers do those through <see cref="Caller"/>.
/// </summary>
public sealed class AuthorizationRule : ValidationRuleBase
{
    private const string RolesKey = "gridgov:roles";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new NodeVisitors(
            new MatchingNodeVisitor<GraphQLOperationDefinition>((op, ctx) =>
            {
                var caller = Caller.From(ctx.User);
                if (caller is null)
                {
                    ctx.ReportError(new AccessError(ctx, op, GridGovError.Unauthenticated()));
                    return;
                }
                if (op.Operation == OperationType.Mutation && !caller.MayWriteAnything && !OnlyOwnWork(op, ctx, caller))
                    ctx.ReportError(new AccessError(ctx, op, GridGovError.Forbidden(
                        "您的角色只能查看，不能修改数据。", "Your role may read but not change data.")));
            }),
            new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
            {
                var def = ctx.TypeInfo.GetFieldDef();
                if (def?.GetMetadata<Role[]>(RolesKey) is not { } roles) return;
                var caller = Caller.From(ctx.User);
                if (caller is not null && !roles.Contains(caller.Role))
                    ctx.ReportError(new AccessError(ctx, field, GridGovError.Forbidden(
                        $"您的角色无权访问 {def.Name}。", $"Your role may not use {def.Name}.")));
            })));

    /// <summary>
    /// Members declare their own work and cadres check in: mutations open to roles that otherwise
    /// only read. The resolver still checks that the work is the caller's own.
    /// </summary>
    public static TBuilder Writers<TBuilder>(TBuilder field, params Role[] roles) where TBuilder : IMetadataWriter
    {
        field.WithMetadata(WritersKey, roles);
        return field;
    }

    private const string WritersKey = "gridgov:writers";

    private static bool OnlyOwnWork(GraphQLOperationDefinition op, ValidationContext ctx, Caller caller)
    {
        if (ctx.Schema.Mutation is not { } mutation) return false;
        foreach (var sel in op.SelectionSet.Selections)
        {
            if (sel is not GraphQLField f) return false;
            var name = f.Name.StringValue;
            if (name == "__typename") continue;
            var def = mutation.GetField(name);
            if (def?.GetMetadata<Role[]>(WritersKey) is not { } roles || !roles.Contains(caller.Role)) return false;
        }
        return true;
    }

    /// <summary>Restricts a field to some roles.</summary>
    public static TBuilder Roles<TBuilder>(TBuilder field, params Role[] roles) where TBuilder : IMetadataWriter
    {
        field.WithMetadata(RolesKey, roles);
        return field;
    }
}

/// <summary>A validation error that keeps its GridGov code and both languages.</summary>
public sealed class AccessError : ValidationError
{
    public AccessError(ValidationContext ctx, ASTNode node, GridGovError inner)
        : base(ctx.Document.Source, inner.Code!, inner.Message, node)
    {
        Code = inner.Code;
        Inner = inner;
    }

    public GridGovError Inner { get; }
}
