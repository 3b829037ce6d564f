using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using GridGov.Api.Auth;
using GridGov.Api.Resources;
using GridGov.Domain.Access;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// Checks the caller before anything executes: anonymous callers get nothing (they log in over
/// REST), root fields follow <see cref="AccessTable"/>, mutations need a role that can write, and fields
/// marked with roles are refused to others.
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
            }),
            new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
            {
                var def = ctx.TypeInfo.GetFieldDef();
                var caller = Caller.From(ctx.User);
                if (def is null || caller is null) return;
                var parent = ctx.TypeInfo.GetParentType();
                // Root fields: the access table decides (docs/api.md); a field it does not name is refused.
                var kind = ReferenceEquals(parent, ctx.Schema.Query) ? AccessTable.Kind.Query
                    : ReferenceEquals(parent, ctx.Schema.Mutation) ? AccessTable.Kind.Mutation : (AccessTable.Kind?)null;
                if (kind is { } k && !def.Name.StartsWith("__", StringComparison.Ordinal) && AccessTable.Of(caller, k, def.Name) == AccessLevel.Never)
                {
                    var text = k == AccessTable.Kind.Mutation && !caller.MayWriteAnything && def.GetMetadata<Role[]>(RolesKey) is null
                        ? Messages.RoleReadOnly : Messages.RoleMayNotUse(def.Name);
                    ctx.ReportError(new AccessError(ctx, field, GridGovError.Forbidden(text)));
                    return;
                }
                if (def.GetMetadata<Role[]>(RolesKey) is { } roles)
                {
                    if (!roles.Contains(caller.Role))
                        ctx.ReportError(new AccessError(ctx, field, GridGovError.Forbidden(Messages.RoleMayNotUse(def.Name))));
                }
                // A mutation without its own role list is for writers: secretaries and `write` keys.
                else if (kind == AccessTable.Kind.Mutation && !caller.MayWriteAnything)
                {
                    ctx.ReportError(new AccessError(ctx, field, GridGovError.Forbidden(Messages.RoleReadOnly)));
                }
            })));

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
