using System.Text.Json;

namespace GridGov.Client.Services;

/// <summary>
/// Which parts of the API this server has. Coverage, rankings, reports, reviews and linking
/// proposals land in separate releases; pages ask here and show "not available yet" instead of guessing.
/// </summary>
public sealed class Capabilities(GraphQLClient gql)
{
    private Task<HashSet<string>>? _fields;

    public async Task<bool> HasAsync(string rootField)
    {
        _fields ??= LoadAsync();
        try { return (await _fields).Contains(rootField); }
        catch (GraphQLException) { _fields = null; return false; }
    }

    private async Task<HashSet<string>> LoadAsync()
    {
        var data = await gql.QueryAsync("{ q: __type(name: \"Query\") { fields { name } } m: __type(name: \"Mutation\") { fields { name } } }");
        var set = new HashSet<string>();
        foreach (var t in new[] { "q", "m" })
            if (data.TryGetProperty(t, out var type) && type.ValueKind == JsonValueKind.Object)
                foreach (var f in type.GetProperty("fields").EnumerateArray()) set.Add(f.GetProperty("name").GetString()!);
        return set;
    }
}

/// <summary>Viewer options from wwwroot/appsettings.json (e.g. Map:XyzUrl for an optional basemap).</summary>
public sealed class ViewerSettings(Microsoft.Extensions.Configuration.IConfiguration config)
{
    public string? XyzUrl => string.IsNullOrWhiteSpace(config["Map:XyzUrl"]) ? null : config["Map:XyzUrl"];
}
