using System.Globalization;
using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>One check-in as the cadre's page shows it: from the server, or waiting in the phone's queue.</summary>
public sealed record CadreCheckIn(string Key, DateTimeOffset At, double? Accuracy, bool? Inside, double? Distance, double? Trust,
    IReadOnlyList<string> Reasons, bool Pending, string? Error, bool HasPhoto = false, string? VillageCode = null)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public string Time => At.ToOffset(China).ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static CadreCheckIn FromServer(JsonElement c) => new(
        c.Str("id"), DateTimeOffset.Parse(c.Str("at"), CultureInfo.InvariantCulture), c.Num("accuracyMeters"),
        c.TryGetProperty("insideGeofence", out var i) && i.ValueKind is JsonValueKind.True, c.Num("distanceMeters"), c.Num("trustScore"),
        [.. c.Arr("reasons").Select(r => r.Str("message"))], false, null, c.Str("photoUrl").Length > 0, c.Str("villageCode") is { Length: > 0 } v ? v : null);

    /// <summary>A queued item (js/cadre.js): its variables say when and how precise; the error, if the server refused it.</summary>
    public static CadreCheckIn FromQueue(JsonElement q)
    {
        var v = q.GetProperty("variables");
        return new(q.Str("clientId"), DateTimeOffset.Parse(v.Str("at"), CultureInfo.InvariantCulture), v.Num("accuracy"), null, null, null, [],
            true, q.Obj("error")?.Str("message"), q.TryGetProperty("hasPhoto", out var h) && h.ValueKind == JsonValueKind.True);
    }
}

/// <summary>A 工作信息 entry as the page lists it: from the server or the queue.</summary>
public sealed record CadreWorkLogEntry(string Key, string Day, string Text, int Households, bool Pending, string? Error)
{
    public static CadreWorkLogEntry FromServer(JsonElement w) => new(w.Str("id"), w.Str("day"), w.Str("text"), w.Arr("householdIds").Count(), false, null);

    public static CadreWorkLogEntry FromQueue(JsonElement q)
    {
        var input = q.GetProperty("variables").GetProperty("input");
        return new(q.Str("clientId"), input.Str("day"), input.Str("text"), input.Arr("householdIds").Count(), true, q.Obj("error")?.Str("message"));
    }
}

/// <summary>The check-in mutation and the month's reads of the cadre's page.</summary>
public static class CadreQueries
{
    public const string CheckIn = "mutation($loc: GeoJSON!, $accuracy: Float, $at: DateTimeOffset, $cid: String) { checkIn(location: $loc, " +
                                  "accuracy: $accuracy, at: $at, coordinateSystem: WGS84, clientId: $cid) { id } }";

    public const string Me = "{ me { username areaCode areaName cadreId servedVillages } }";

    public const string Month = "query($area: String!, $id: ID!) { cadreCompliance(areaCode: $area) { cadreId name kind rank checkIns trustedDays requiredDays compliance } " +
                                "checkIns(cadreId: $id) { id at villageCode accuracyMeters insideGeofence distanceMeters trustScore photoUrl reasons { code message } } " +
                                "workLog(areaCode: $area) { id day text householdIds } households(villageCode: $area, first: 500) { nodes { id headName } } " +
                                "pairings(areaCode: $area) { id householdId headName } villages { code name } }";

    public const string PostWorkLog = "mutation($input: WorkLogInput!) { postWorkLog(input: $input) { id } }";

    public static Dictionary<string, object?> WorkLogItem(string clientId, string user, string text, IEnumerable<string> households, DateOnly day) => new()
    {
        ["clientId"] = clientId, ["user"] = user, ["kind"] = "workLog", ["query"] = PostWorkLog,
        ["variables"] = new Dictionary<string, object?>
        {
            ["input"] = new { text, householdIds = households.ToArray(), day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), clientId },
        },
    };

    public static Dictionary<string, object?> Item(string clientId, string user, double lon, double lat, double accuracy, DateTimeOffset at) => new()
    {
        ["clientId"] = clientId, ["user"] = user, ["kind"] = "checkIn", ["query"] = CheckIn,
        ["variables"] = new Dictionary<string, object?>
        {
            ["loc"] = new { type = "Point", coordinates = new[] { lon, lat } }, ["accuracy"] = Math.Round(accuracy, 1),
            ["at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ["cid"] = clientId,
        },
    };
}
