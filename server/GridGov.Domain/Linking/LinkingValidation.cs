namespace GridGov.Domain.Linking;

/// <summary>One problem in an instance; <see cref="Path"/> names the entry, e.g. <c>members[3]</c>.</summary>
public sealed record LinkingError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public sealed class LinkingValidationException(IReadOnlyList<LinkingError> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<LinkingError> Errors { get; } = errors;
}

/// <summary>
/// Checks an instance before solving. Everything is reported at once so a secretary can fix
/// an import in one round. Paths follow the JSON input (<c>ties[4]</c>, <c>settings.weights.blood</c>).
/// </summary>
public static class LinkingValidator
{
    public static IReadOnlyList<LinkingError> Validate(LinkingInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var errors = new List<LinkingError>();
        ValidateSettings(instance.Settings, errors);

        var memberIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < instance.Members.Count; i++)
        {
            var m = instance.Members[i];
            var path = new EntryPath("members", i);
            if (!CheckId(m.Id, path, errors)) continue;
            if (!memberIndex.TryAdd(m.Id, i)) errors.Add(new(path, $"duplicate id \"{m.Id}\""));
            CheckCoordinates(m.X, m.Y, path, errors);
            if (m.Capacity < 0) errors.Add(new(path + ".capacity", $"negative capacity {m.Capacity} for member \"{m.Id}\""));
        }

        var householdIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < instance.Households.Count; i++)
        {
            var h = instance.Households[i];
            var path = new EntryPath("households", i);
            if (!CheckId(h.Id, path, errors)) continue;
            if (!householdIndex.TryAdd(h.Id, i)) errors.Add(new(path, $"duplicate id \"{h.Id}\""));
            CheckCoordinates(h.X, h.Y, path, errors);
        }

        for (var i = 0; i < instance.Ties.Count; i++)
        {
            var t = instance.Ties[i];
            var path = new EntryPath("ties", i);
            CheckPair(t.MemberId, t.HouseholdId, path, memberIndex, householdIndex, errors);
            if (!Enum.IsDefined(t.Kind)) errors.Add(new(path + ".kind", $"unknown tie kind {(int)t.Kind}"));
        }

        var currentOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < instance.Current.Count; i++)
        {
            var c = instance.Current[i];
            var path = new EntryPath("current", i);
            if (!CheckPair(c.MemberId, c.HouseholdId, path, memberIndex, householdIndex, errors)) continue;
            // A household has one responsible member at a time; two would make the change penalty ambiguous.
            if (!currentOf.TryAdd(c.HouseholdId, i))
                errors.Add(new(path, $"household \"{c.HouseholdId}\" is already current in current[{currentOf[c.HouseholdId]}]"));
        }

        var lockedOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var lockedPerMember = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < instance.Locked.Count; i++)
        {
            var l = instance.Locked[i];
            var path = new EntryPath("locked", i);
            if (!CheckPair(l.MemberId, l.HouseholdId, path, memberIndex, householdIndex, errors)) continue;
            if (!lockedOf.TryAdd(l.HouseholdId, i))
            {
                errors.Add(new(path, $"household \"{l.HouseholdId}\" is locked twice (also in locked[{lockedOf[l.HouseholdId]}])"));
                continue;
            }
            if (!lockedPerMember.TryGetValue(l.MemberId, out var list)) lockedPerMember[l.MemberId] = list = [];
            list.Add(i);
        }

        foreach (var (memberId, lockedEntries) in lockedPerMember)
        {
            var member = instance.Members[memberIndex[memberId]];
            if (member.Capacity < 0) continue; // already reported
            var capacity = member.EffectiveCapacity(instance.Settings);
            if (lockedEntries.Count > capacity)
            {
                // Name the first entry that does not fit, so the message points at something to unlock.
                errors.Add(new($"locked[{lockedEntries[capacity]}]",
                    $"member \"{memberId}\" has {lockedEntries.Count} locked households but capacity {capacity}"));
            }
        }
        return errors;
    }

    public static void ThrowIfInvalid(LinkingInstance instance)
    {
        var errors = Validate(instance);
        if (errors.Count > 0) throw new LinkingValidationException(errors);
    }

    private static void ValidateSettings(LinkingSettings? settings, List<LinkingError> errors)
    {
        if (settings is null) { errors.Add(new("settings", "missing")); return; }
        if (!double.IsFinite(settings.MaxDistanceMeters) || settings.MaxDistanceMeters < 0)
            errors.Add(new("settings.maxDistanceMeters", $"must be a finite number ≥ 0, got {settings.MaxDistanceMeters}"));
        if (settings.DefaultCapacity < 0)
            errors.Add(new("settings.defaultCapacity", $"negative capacity {settings.DefaultCapacity}"));
        if (settings.MigrantCapacity < 0)
            errors.Add(new("settings.migrantCapacity", $"negative capacity {settings.MigrantCapacity}"));
        var w = settings.Weights;
        if (w is null) { errors.Add(new("settings.weights", "missing")); return; }
        CheckWeight(w.Blood, "blood", errors);
        CheckWeight(w.Marriage, "marriage", errors);
        CheckWeight(w.Social, "social", errors);
        CheckWeight(w.PerKm, "perKm", errors);
        CheckWeight(w.Change, "change", errors);
    }

    // Weights beyond this make no sense as points and would cost the solver its fixed-point precision.
    private const double MaxWeight = 1e6;

    private static void CheckWeight(double value, string name, List<LinkingError> errors)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxWeight)
            errors.Add(new($"settings.weights.{name}", $"must be a finite number within ±{MaxWeight:0}, got {value}"));
    }

    private static bool CheckId(string? id, EntryPath path, List<LinkingError> errors)
    {
        if (string.IsNullOrEmpty(id)) { errors.Add(new(path + ".id", "missing or empty id")); return false; }
        return true;
    }

    private static void CheckCoordinates(double x, double y, EntryPath path, List<LinkingError> errors)
    {
        if (!double.IsFinite(x)) errors.Add(new(path + ".x", $"coordinate must be finite, got {x}"));
        if (!double.IsFinite(y)) errors.Add(new(path + ".y", $"coordinate must be finite, got {y}"));
    }

    private static bool CheckPair(string? memberId, string? householdId, EntryPath path,
        Dictionary<string, int> members, Dictionary<string, int> households, List<LinkingError> errors)
    {
        var ok = true;
        if (string.IsNullOrEmpty(memberId)) { errors.Add(new(path + ".member", "missing member id")); ok = false; }
        else if (!members.ContainsKey(memberId)) { errors.Add(new(path + ".member", $"unknown member \"{memberId}\"")); ok = false; }
        if (string.IsNullOrEmpty(householdId)) { errors.Add(new(path + ".household", "missing household id")); ok = false; }
        else if (!households.ContainsKey(householdId)) { errors.Add(new(path + ".household", $"unknown household \"{householdId}\"")); ok = false; }
        return ok;
    }

    /// <summary>
    /// An entry's path, e.g. <c>ties[4]</c>, spelled out only when an error names it: a county's
    /// villages have hundreds of thousands of entries and nearly never an error.
    /// </summary>
    private readonly record struct EntryPath(string List, int Index)
    {
        public override string ToString() => $"{List}[{Index}]";

        public static implicit operator string(EntryPath path) => path.ToString();

        public static string operator +(EntryPath path, string field) => path.ToString() + field;
    }
}
