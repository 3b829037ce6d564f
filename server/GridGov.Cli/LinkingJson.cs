using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GridGov.Domain.Linking;

namespace GridGov.Cli;

/// <summary>
/// The JSON form of a linking instance and result (see docs/linking.md). Reading reports every
/// problem with the path of the entry (e.g. <c>members[3].x</c>) instead of stopping at the first.
/// Ids may be strings or integers; both become strings, so 7 and "7" are the same id, and results
/// echo ids as strings.
/// </summary>
public static class LinkingJson
{
    private static readonly string[] TopLevel = ["settings", "members", "households", "ties", "current", "locked"];
    private static readonly string[] SettingsProperties = ["maxDistanceMeters", "defaultCapacity", "migrantCapacity", "allowOwnHousehold", "weights"];
    private static readonly string[] WeightProperties = ["blood", "marriage", "social", "perKm", "change", "inferred"];

    /// <summary>Parses and validates; returns null with errors when anything is wrong.</summary>
    public static LinkingInstance? Read(string json, out IReadOnlyList<LinkingError> errors)
    {
        var list = new List<LinkingError>();
        errors = list;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            list.Add(new("input", $"invalid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}"));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                list.Add(new("input", "must be a JSON object"));
                return null;
            }
            var props = Properties(root, "input", TopLevel, list);
            var settings = props.TryGetValue("settings", out var s) ? ReadSettings(s, list) : LinkingSettings.Default;
            var instance = new LinkingInstance
            {
                Settings = settings,
                Members = ReadArray(props, "members", list, ReadMember),
                Households = ReadArray(props, "households", list, ReadHousehold),
                Ties = ReadArray(props, "ties", list, ReadTie),
                Current = ReadArray(props, "current", list, ReadPair),
                Locked = ReadArray(props, "locked", list, ReadPair),
            };
            // Domain checks (duplicates, unknown ids, capacities) only make sense on a well-formed document.
            if (list.Count == 0) list.AddRange(LinkingValidator.Validate(instance));
            return list.Count == 0 ? instance : null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    /// <summary>Collects an object's properties, rejecting duplicates and (when a list is given) unknown names.</summary>
    private static Dictionary<string, JsonElement> Properties(JsonElement obj, string path, string[]? known, List<LinkingError> errors)
    {
        var props = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            if (known is not null && Array.IndexOf(known, p.Name) < 0)
                errors.Add(new(path, $"unknown property \"{p.Name}\" (expected one of {string.Join(", ", known)})"));
            else if (!props.TryAdd(p.Name, p.Value))
                errors.Add(new(path, $"property \"{p.Name}\" appears twice"));
        }
        return props;
    }

    private static LinkingSettings ReadSettings(JsonElement e, List<LinkingError> errors)
    {
        if (e.ValueKind == JsonValueKind.Null) return LinkingSettings.Default;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new("settings", "must be an object"));
            return LinkingSettings.Default;
        }
        var props = Properties(e, "settings", SettingsProperties, errors);
        var settings = LinkingSettings.Default;
        if (props.TryGetValue("maxDistanceMeters", out var d) && ReadNumber(d, "settings.maxDistanceMeters", errors) is { } max)
            settings = settings with { MaxDistanceMeters = max };
        if (props.TryGetValue("defaultCapacity", out var c) && ReadInt(c, "settings.defaultCapacity", errors) is { } cap)
            settings = settings with { DefaultCapacity = cap };
        if (props.TryGetValue("migrantCapacity", out var mc) && ReadInt(mc, "settings.migrantCapacity", errors) is { } migrantCap)
            settings = settings with { MigrantCapacity = migrantCap };
        if (props.TryGetValue("allowOwnHousehold", out var own) && own.ValueKind != JsonValueKind.Null)
        {
            if (own.ValueKind is JsonValueKind.True or JsonValueKind.False) settings = settings with { AllowOwnHousehold = own.GetBoolean() };
            else errors.Add(new("settings.allowOwnHousehold", "must be true or false"));
        }
        if (props.TryGetValue("weights", out var w) && w.ValueKind != JsonValueKind.Null)
        {
            if (w.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("settings.weights", "must be an object"));
            }
            else
            {
                var wp = Properties(w, "settings.weights", WeightProperties, errors);
                var weights = settings.Weights;
                double? Weight(string name) =>
                    wp.TryGetValue(name, out var v) ? ReadNumber(v, $"settings.weights.{name}", errors) : null;
                weights = weights with
                {
                    Blood = Weight("blood") ?? weights.Blood,
                    Marriage = Weight("marriage") ?? weights.Marriage,
                    Social = Weight("social") ?? weights.Social,
                    PerKm = Weight("perKm") ?? weights.PerKm,
                    Change = Weight("change") ?? weights.Change,
                    Inferred = Weight("inferred") ?? weights.Inferred,
                };
                settings = settings with { Weights = weights };
            }
        }
        return settings;
    }

    private static List<T> ReadArray<T>(Dictionary<string, JsonElement> props, string name, List<LinkingError> errors,
        Func<JsonElement, string, List<LinkingError>, T?> readItem) where T : class
    {
        var items = new List<T>();
        if (!props.TryGetValue(name, out var array) || array.ValueKind == JsonValueKind.Null) return items;
        if (array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new(name, "must be an array"));
            return items;
        }
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = $"{name}[{i++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "must be an object"));
                continue;
            }
            if (readItem(element, path, errors) is { } item) items.Add(item);
        }
        return items;
    }

    // Entities may carry extra fields (names, notes from an export); they are ignored, not rejected.
    private static LinkingMember? ReadMember(JsonElement e, string path, List<LinkingError> errors)
    {
        var p = Properties(e, path, null, errors);
        var id = ReadId(p, "id", path, errors);
        var x = ReadRequiredNumber(p, "x", path, errors);
        var y = ReadRequiredNumber(p, "y", path, errors);
        int? capacity = null;
        if (p.TryGetValue("capacity", out var c) && c.ValueKind != JsonValueKind.Null)
            capacity = ReadInt(c, path + ".capacity", errors);
        var migrant = false;
        if (p.TryGetValue("migrant", out var mg) && mg.ValueKind != JsonValueKind.Null)
        {
            if (mg.ValueKind is JsonValueKind.True or JsonValueKind.False) migrant = mg.GetBoolean();
            else errors.Add(new(path + ".migrant", "must be true or false"));
        }
        // The household the member lives in (optional): never proposed to them unless settings.allowOwnHousehold.
        var household = p.ContainsKey("household") ? ReadId(p, "household", path, errors) : null;
        return id is null || x is null || y is null ? null : new LinkingMember(id, x.Value, y.Value, capacity, migrant, household);
    }

    private static LinkingHousehold? ReadHousehold(JsonElement e, string path, List<LinkingError> errors)
    {
        var p = Properties(e, path, null, errors);
        var id = ReadId(p, "id", path, errors);
        var x = ReadRequiredNumber(p, "x", path, errors);
        var y = ReadRequiredNumber(p, "y", path, errors);
        return id is null || x is null || y is null ? null : new LinkingHousehold(id, x.Value, y.Value);
    }

    private static LinkingTie? ReadTie(JsonElement e, string path, List<LinkingError> errors)
    {
        var p = Properties(e, path, null, errors);
        var member = ReadId(p, "member", path, errors);
        var household = ReadId(p, "household", path, errors);
        Domain.Links.TieKind? kind = null;
        if (!p.TryGetValue("kind", out var k)) errors.Add(new(path + ".kind", "missing"));
        else if (k.ValueKind != JsonValueKind.String) errors.Add(new(path + ".kind", "must be a string: blood, marriage or social"));
        else if (LinkingNames.TryParseTieKind(k.GetString()!, out var parsed)) kind = parsed;
        else errors.Add(new(path + ".kind", $"unknown tie kind \"{k.GetString()}\" (expected blood, marriage or social)"));
        // Optional "origin": "declared" (default) or "inferred"; inferred ties count weights.inferred of their weight.
        var inferred = false;
        if (p.TryGetValue("origin", out var o))
        {
            if (o.ValueKind == JsonValueKind.String && o.GetString() is "declared" or "inferred") inferred = o.GetString() == "inferred";
            else errors.Add(new(path + ".origin", "must be \"declared\" or \"inferred\""));
        }
        return member is null || household is null || kind is null ? null : new LinkingTie(member, household, kind.Value, inferred);
    }

    private static MemberHousehold? ReadPair(JsonElement e, string path, List<LinkingError> errors)
    {
        var p = Properties(e, path, null, errors);
        var member = ReadId(p, "member", path, errors);
        var household = ReadId(p, "household", path, errors);
        return member is null || household is null ? null : new MemberHousehold(member, household);
    }

    /// <summary>A string, or an integer written without fraction or exponent (kept digit for digit).</summary>
    private static string? ReadId(Dictionary<string, JsonElement> p, string name, string path, List<LinkingError> errors)
    {
        if (!p.TryGetValue(name, out var e))
        {
            errors.Add(new($"{path}.{name}", "missing"));
            return null;
        }
        switch (e.ValueKind)
        {
            case JsonValueKind.String when e.GetString() is { Length: > 0 } s:
                return s;
            case JsonValueKind.Number when e.GetRawText().All(ch => ch is '-' || char.IsAsciiDigit(ch)):
                return e.GetRawText();
            default:
                errors.Add(new($"{path}.{name}", $"must be a non-empty string or an integer, got {Short(e)}"));
                return null;
        }
    }

    private static double? ReadRequiredNumber(Dictionary<string, JsonElement> p, string name, string path, List<LinkingError> errors)
    {
        if (p.TryGetValue(name, out var e)) return ReadNumber(e, $"{path}.{name}", errors);
        errors.Add(new($"{path}.{name}", "missing"));
        return null;
    }

    private static double? ReadNumber(JsonElement e, string path, List<LinkingError> errors)
    {
        // JSON has no NaN or Infinity literals, but "NaN" strings and 1e999 do occur in exports.
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v)) return v;
        errors.Add(new(path, $"must be a finite number, got {Short(e)}"));
        return null;
    }

    private static int? ReadInt(JsonElement e, string path, List<LinkingError> errors)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v)) return v;
        errors.Add(new(path, $"must be an integer, got {Short(e)}"));
        return null;
    }

    private static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 40 ? text : text[..37] + "...";
    }

    /// <summary>Distances are rounded to the millimetre and scores to 1e-6 points for readability.</summary>
    public static string Write(LinkingResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Ids and explanations may hold Chinese; a file for people should show it, not \uXXXX escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            w.WriteStartObject();
            w.WriteStartArray("links");
            foreach (var l in result.Links)
            {
                w.WriteStartObject();
                w.WriteString("member", l.MemberId);
                w.WriteString("household", l.HouseholdId);
                w.WriteString("basis", LinkingNames.Of(l.Basis));
                w.WriteNumber("distanceMeters", Math.Round(l.DistanceMeters, 3));
                w.WriteNumber("score", Round(l.Score));
                w.WriteBoolean("locked", l.Locked);
                w.WriteStartObject("explanation");
                w.WriteStartArray("ties");
                foreach (var k in l.Ties) w.WriteStringValue(LinkingNames.Of(k));
                w.WriteEndArray();
                w.WriteNumber("tieScore", Round(l.TieScore));
                w.WriteNumber("distancePenalty", Round(l.DistancePenalty));
                w.WriteNumber("changePenalty", Round(l.ChangePenalty));
                w.WriteString("text", l.Explanation);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("linkedCount", result.LinkedCount);
            w.WriteNumber("totalScore", Round(result.TotalScore));
            w.WriteStartArray("unlinked");
            foreach (var u in result.Unlinked)
            {
                w.WriteStartObject();
                w.WriteString("household", u.HouseholdId);
                w.WriteString("reason", LinkingNames.Of(u.Reason));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // Adding 0.0 turns −0 into 0 so the output never shows "-0".
    private static double Round(double value) => Math.Round(value, 6) + 0.0;

}
