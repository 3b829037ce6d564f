using GraphQL;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// The HTTP status of a GraphQL-over-HTTP response (application/graphql-response+json): 200 when executed (field errors
/// inside), 401 when it never executed for want of credentials (the spec allows it; the other endpoints answer so too),
/// 400 when it never executed for any other reason.
/// </summary>
public static class GraphQLStatus
{
    public static int Of(ExecutionResult result)
    {
        if (result.Executed) return 200;
        return result.Errors?.Any(e => e.Code == ErrorCodes.Unauthenticated) == true ? 401 : 400;
    }

    /// <summary>Sets the status, and the challenge a 401 carries (RFC 9110: a 401 names the scheme to use).</summary>
    public static void Apply(HttpResponse response, ExecutionResult result)
    {
        response.StatusCode = Of(result);
        if (response.StatusCode == 401) response.Headers.WWWAuthenticate = "Bearer";
    }
}
