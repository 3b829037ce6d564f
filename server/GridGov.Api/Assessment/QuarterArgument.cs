using GraphQL;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Coverage;
using GridGov.Domain.Ranking;

namespace GridGov.Api.Assessment;

/// <summary>The `quarter` argument under the township ranking's rule: YYYYQn, and not a quarter still to come.</summary>
internal static class QuarterArgument
{
    public static DateOnly Get(IResolveFieldContext ctx)
    {
        var q = ctx.GetArgument<string>("quarter");
        if (!RankingRules.TryParseQuarter(q, out var first)) throw GridGovError.Invalid(Messages.QuarterInvalid(q));
        if (CoverageRules.IsFuture(first, ctx.Service<CoverageService>().Now)) throw GridGovError.Invalid(Messages.QuarterNotStarted);
        return first;
    }

    public static string Name(DateOnly first) => $"{first.Year}Q{(first.Month - 1) / 3 + 1}";

    public static GridGovError Closed(DateOnly first) =>
        new(ErrorCodes.Conflict, AssessmentMessages.QuarterClosed(Name(first)), new Dictionary<string, object?> { ["reason"] = "QUARTER_CLOSED" });
}
