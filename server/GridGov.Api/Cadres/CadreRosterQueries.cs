using GraphQL;
using GraphQL.Types;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Areas;
using GridGov.Domain.Coverage;

namespace GridGov.Api.Cadres;

public sealed class CadreRosterQueries : IQueryFields
{
    public void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadreRosterType>>>>("cadres")
            .Description("The cadres serving today in an area (county, township or village inside yours), by kind then name; with " +
                         "includeEnded also those who served there before. Phones and ID numbers masked unless you keep the roster.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .Argument<BooleanGraphType>("includeEnded", "Also cadres whose postings there have ended (default false).")
            .ResolveAsync(async ctx =>
            {
                var caller = ctx.Caller();
                caller.RequireRead();
                var code = ctx.GetArgument<string>("areaCode");
                if (!Area.IsValidCode(code)) throw GridGovError.Invalid(Messages.AreaCodeNotTwelveDigits(code));
                // Covers, not CanRead: a township's leader may see the county as context, not the county's cadres.
                if (!caller.Covers(code)) throw GridGovError.OutsideArea(code);
                await using var db = await ctx.DbAsync();
                var today = CoverageRules.DateOf(ctx.Service<CoverageService>().Now);
                return await CadreRoster.UnderAsync(db, Caller.PrefixOf(code), today, ctx.GetArgument<bool?>("includeEnded") ?? false, ctx.CancellationToken);
            });
}
