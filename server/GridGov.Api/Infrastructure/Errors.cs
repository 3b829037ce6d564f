using GraphQL;
using GraphQL.Execution;

namespace GridGov.Api.Infrastructure;

/// <summary>The fixed set of error codes clients may rely on (<c>extensions.code</c>).</summary>
public static class ErrorCodes
{
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string Validation = "VALIDATION";
    public const string GeometryInvalid = "GEOMETRY_INVALID";
    public const string GeometryOutsideVillage = "GEOMETRY_OUTSIDE_VILLAGE";
    public const string GeometryOverlap = "GEOMETRY_OVERLAP";
    public const string CoordinatesSwapped = "COORDINATES_SWAPPED";
    public const string Conflict = "CONFLICT";
    public const string TooComplex = "TOO_COMPLEX";
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

    public string Zh { get; }
    public string En { get; }
    public IDictionary<string, object?>? Details { get; }

    public static GridGovError Unauthenticated() => new(ErrorCodes.Unauthenticated,
        "请先登录（POST /auth/token）或提供 X-Api-Key。", "Log in first (POST /auth/token) or send an X-Api-Key.");

    public static GridGovError Forbidden(string zh, string en) => new(ErrorCodes.Forbidden, zh, en);

    public static GridGovError OutsideArea(string code) => new(ErrorCodes.Forbidden,
        $"区划 {code} 不在您的管辖范围内。", $"Area {code} is outside your area.");

    public static GridGovError NotFound(string what, string id) => new(ErrorCodes.NotFound,
        $"找不到{WhatZh(what)} {id}。", $"No {what} {id}.");

    public static GridGovError Invalid(string zh, string en) => new(ErrorCodes.Validation, zh, en);

    private static string WhatZh(string what) => what switch
    {
        "area" or "village" or "township" or "county" => "区划",
        "cell" => "网格",
        "household" => "农户",
        "member" => "党员",
        "link" => "联系关系",
        "tie" => "关系",
        _ => "对象",
    };
}

/// <summary>Puts code, both languages and details into <c>extensions</c>; hides anything internal.</summary>
public sealed class GridGovErrorInfoProvider() : ErrorInfoProvider(o => o.ExposeExceptionDetails = false)
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
                ext["zh"] = "查询过于复杂或耗时过长：请减少嵌套层数、每页数量（first）或范围。";
                ext["en"] = info.Message;
                ext.Remove("codes");
                return new ErrorInfo { Message = (string)ext["zh"]! + " / " + info.Message, Extensions = ext };
            case GraphQL.Validation.ValidationError or GraphQL.Execution.DocumentError:
                ext["code"] = ErrorCodes.Validation;
                ext["zh"] = "查询无效：" + info.Message;
                ext["en"] = info.Message;
                ext.Remove("codes");
                break;
            case UnhandledError:
                ext["code"] = ErrorCodes.Internal;
                ext.Remove("codes");
                ext.Remove("details");
                return new ErrorInfo { Message = "服务器内部错误，已记录。/ Internal error; it has been logged.", Extensions = ext };
            default:
                ext["code"] = ErrorCodes.Validation;
                ext.Remove("codes");
                break;
        }
        return new ErrorInfo { Message = info.Message, Extensions = ext };
    }
}
