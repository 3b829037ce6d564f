using GraphQL;
using GraphQL.Execution;
using GridGov.Api.Resources;

namespace GridGov.Api.Infrastructure;

/// <summary>The fixed set of error codes clients may rely on (<c>extensions.code</c>).</summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Validation = "VALIDATION";
    // The geometry codes are the cell rules' own (one definition, in the domain).
    public const string GeometryInvalid = GridGov.Domain.Cells.CellErrorCodes.GeometryInvalid;
    public const string GeometryOutsideVillage = GridGov.Domain.Cells.CellErrorCodes.GeometryOutsideVillage;
    public const string GeometryOverlap = GridGov.Domain.Cells.CellErrorCodes.GeometryOverlap;
    public const string CoordinatesSwapped = GridGov.Domain.Cells.CellErrorCodes.CoordinatesSwapped;
    public const string Conflict = "CONFLICT";
    public const string TooComplex = "TOO_COMPLEX";
    /// <summary>Login locked for a while after too many attempts (`extensions.retryAfterSeconds`).</summary>
    public const string TooManyAttempts = "TOO_MANY_ATTEMPTS";
    /// <summary>The database cannot be reached (restarting, down): retry later; HTTP 503 outside GraphQL.</summary>
    public const string Unavailable = "UNAVAILABLE";
    /// <summary>A fault of ours, never of the input; no details leak.</summary>
    public const string Internal = "INTERNAL";
}

/// <summary>An error a user can act on: a stable code and a message in Chinese and English.</summary>
public class GridGovError : ExecutionError
{
    public GridGovError(string code, string zh, string en, IDictionary<string, object?>? details = null) : base(zh)
    {
        Code = code;
        Zh = zh;
        En = en;
        Details = details;
    }

    /// <summary>An error with a text of Resources/Messages.resx.</summary>
    public GridGovError(string code, BilingualText text, IDictionary<string, object?>? details = null)
        : this(code, text.Zh, text.En, details) { }

    public string Zh { get; }
    public string En { get; }
    public IDictionary<string, object?>? Details { get; }

    public static GridGovError Unauthenticated() => new(ErrorCodes.Unauthenticated, Messages.Unauthenticated);

    public static GridGovError Forbidden(BilingualText text) => new(ErrorCodes.Forbidden, text);

    public static GridGovError OutsideArea(string code) => new(ErrorCodes.Forbidden, Messages.OutsideArea(code));

    public static GridGovError NotFound(string what, string id) => new(ErrorCodes.NotFound, Messages.NotFound(what, id));

    public static GridGovError Invalid(BilingualText text) => new(ErrorCodes.Validation, text);
}

/// <summary>Puts code, both languages and details into <c>extensions</c>; hides anything internal.</summary>
public sealed class GridGovErrorInfoProvider(IServiceProvider services) : ErrorInfoProvider(o => o.ExposeExceptionDetails = false)
{
    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        var info = base.GetInfo(executionError);
        var ext = info.Extensions ?? new Dictionary<string, object?>();
        switch (executionError)
        {
            case GridGovError g:
                ext["code"] = g.Code;
                ext["zh"] = g.Zh;
                ext["en"] = g.En;
                if (g.Details is not null) foreach (var (k, v) in g.Details) ext[k] = v;
                ext.Remove("codes");
                break;
            case AccessError a:
                ext["code"] = a.Inner.Code;
                ext["zh"] = a.Inner.Zh;
                ext["en"] = a.Inner.En;
                ext.Remove("codes");
                ext.Remove("number");
                break;
            case GraphQL.Validation.Errors.Custom.ComplexityError or TimeoutError:
                ext["code"] = ErrorCodes.TooComplex;
                // extensions.en stays GraphQL.NET's own message: it names the limit that was hit.
                ext["zh"] = Messages.QueryTooComplex.Zh;
                ext["en"] = info.Message;
                ext.Remove("codes");
                return new ErrorInfo { Message = (string)ext["zh"]! + " / " + info.Message, Extensions = ext };
            case GraphQL.Validation.ValidationError or GraphQL.Execution.DocumentError:
                ext["code"] = ErrorCodes.Validation;
                var invalid = Messages.QueryInvalid(info.Message);
                ext["zh"] = invalid.Zh;
                ext["en"] = invalid.En;
                ext.Remove("codes");
                break;
            case UnhandledError u when DatabaseOutage.Is(u.InnerException):
                DatabaseOutage.DropPooledConnections(services);
                ext["code"] = ErrorCodes.Unavailable;
                ext["zh"] = Messages.DatabaseUnavailable.Zh;
                ext["en"] = Messages.DatabaseUnavailable.En;
                ext.Remove("codes");
                ext.Remove("details");
                return new ErrorInfo { Message = Messages.DatabaseUnavailable.Zh, Extensions = ext };
            case UnhandledError:
                ext["code"] = ErrorCodes.Internal;
                ext.Remove("codes");
                ext.Remove("details");
                if (executionError.InnerException?.Data[Faults.DataKey] is string id) ext["correlationId"] = id;
                return new ErrorInfo { Message = Messages.InternalError.Both, Extensions = ext };
            default:
                ext["code"] = ErrorCodes.Validation;
                ext.Remove("codes");
                break;
        }
        return new ErrorInfo { Message = info.Message, Extensions = ext };
    }
}
