using GraphQL;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Infrastructure;

public static class ResolveContextExtensions
{
    /// <summary>The authenticated caller; the authorization rule has already refused anonymous requests.</summary>
    public static Caller Caller(this IResolveFieldContext ctx) =>
        Infrastructure.Caller.From(ctx.User) ?? throw GridGovError.Unauthenticated();

    /// <summary>A context of its own per resolver: GraphQL.NET resolves sibling fields in parallel.</summary>
    public static Task<GridGovDbContext> DbAsync(this IResolveFieldContext ctx) =>
        ctx.RequestServices!.GetRequiredService<IDbContextFactory<GridGovDbContext>>().CreateDbContextAsync(ctx.CancellationToken);

    public static Loaders Loaders(this IResolveFieldContext ctx) => ctx.RequestServices!.GetRequiredService<Loaders>();

    public static T Service<T>(this IResolveFieldContext ctx) where T : notnull => ctx.RequestServices!.GetRequiredService<T>();
}
