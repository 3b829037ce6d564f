using System.Text.Json;
using GridGov.Api.Auth;

namespace GridGov.Api.Tests;

/// <summary>
/// The role × field table (AccessTable, docs/api.md) against the served schema: every root field of every role's
/// introspection is in the table, and a field is refused (FORBIDDEN) exactly where the table says never.
/// </summary>
public class AccessTableTests(AccessFixture county) : IClassFixture<AccessFixture>
{
    private const string Introspection = """
        { __schema {
            queryType { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
            mutationType { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
        """;

    public static TheoryData<AccessColumn> Columns() => [.. Enum.GetValues<AccessColumn>()];

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Every_root_field_is_in_the_table_and_refused_exactly_where_it_says_never(AccessColumn column)
    {
        var client = await county.ClientAsync(column);
        var schema = await client.GraphQLAsync(Introspection);
        Assert.False(schema.HasErrors, schema.ToString());
        var roots = Fields(schema.Data, "queryType", AccessTable.Kind.Query).Concat(Fields(schema.Data, "mutationType", AccessTable.Kind.Mutation)).ToList();
        Assert.True(roots.Count > 40, $"only {roots.Count} root fields");

        Assert.Empty(roots.Where(f => !AccessTable.Contains(f.Kind, f.Name)).Select(f => $"{f.Kind} {f.Name} is not in AccessTable"));
        Assert.Empty(AccessTable.Rows.Where(r => r.Kind is AccessTable.Kind.Query or AccessTable.Kind.Mutation && !roots.Any(f => f.Kind == r.Kind && f.Name == r.Name))
            .Select(r => $"{r.Kind} {r.Name} is in AccessTable but not in the schema"));

        var wrong = new List<string>();
        foreach (var (kind, name, isObject) in roots)
        {
            // An unknown argument fails validation, so nothing executes; the authorization rule still reports.
            var op = kind == AccessTable.Kind.Mutation ? "mutation" : "query";
            var r = await client.GraphQLAsync($"{op} {{ {name}(accessTableProbe: 1){(isObject ? " { __typename }" : "")} }}");
            Assert.True(r.HasErrors, $"{name}: the probe must not execute");
            var forbidden = r.Body.GetProperty("errors").EnumerateArray()
                .Any(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) && c.GetString() == "FORBIDDEN");
            var never = AccessTable.Rows.Single(x => x.Kind == kind && x.Name == name).For(column) == AccessLevel.Never;
            if (forbidden != never) wrong.Add($"{name}: table says {(never ? "never" : "allowed")}, server {(forbidden ? "refuses" : "allows")}");
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task Every_export_kind_is_refused_exactly_where_the_table_says_never(AccessColumn column)
    {
        var client = await county.ClientAsync(column);
        var exports = AccessTable.Rows.Where(r => r.Kind == AccessTable.Kind.Export).ToList();
        // Every export kind has its row (a new kind without one would be refused to everyone).
        Assert.Equal(Enum.GetValues<GridGov.Export.ExportKind>().Select(GridGov.Export.ExportNames.Name).Order(), exports.Select(r => r.Name).Order());
        var wrong = new List<string>();
        foreach (var row in exports)
        {
            // Village A1 lies inside every test caller's area, so only the table can refuse.
            var res = await client.GetAsync($"/exports/{row.Name}?area={TestCounty.A1}&format=csv");
            var never = row.For(column) == AccessLevel.Never;
            var forbidden = res.StatusCode == System.Net.HttpStatusCode.Forbidden
                            && (await res.Content.ReadAsStringAsync()).Contains("\"FORBIDDEN\"", StringComparison.Ordinal);
            if (forbidden != never || (!never && res.StatusCode != System.Net.HttpStatusCode.OK))
                wrong.Add($"export {row.Name}: table says {(never ? "never" : "allowed")}, server answers {(int)res.StatusCode}: {await res.Content.ReadAsStringAsync()}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Anonymous_callers_are_refused_every_root_field_and_introspection()
    {
        var anonymous = county.Factory.CreateClient();
        Assert.Equal("UNAUTHENTICATED", (await anonymous.GraphQLAsync(Introspection)).FirstCode);
        foreach (var row in AccessTable.Rows.Where(r => r.Kind is AccessTable.Kind.Query or AccessTable.Kind.Mutation))
        {
            var op = row.Kind == AccessTable.Kind.Mutation ? "mutation" : "query";
            var r = await anonymous.GraphQLAsync($"{op} {{ {row.Name} {{ __typename }} }}");
            Assert.True(r.Body.GetProperty("errors").EnumerateArray().Any(e => e.GetProperty("extensions").GetProperty("code").GetString() == "UNAUTHENTICATED"),
                $"{row.Name}: {r}");
        }
    }

    [Fact]
    public void The_table_in_docs_api_md_is_the_table_in_code()
    {
        var path = Path.Combine(Testing.RepoRoot.Path, "docs", "api.md");
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        const string start = "<!-- access-table: generated from server/GridGov.Api/Auth/AccessTable.cs -->\n", end = "<!-- /access-table -->";
        var from = doc.IndexOf(start, StringComparison.Ordinal);
        var to = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, "docs/api.md has no access-table markers");
        if (Environment.GetEnvironmentVariable("GRIDGOV_UPDATE_SCHEMA") == "1")
        {
            doc = doc[..(from + start.Length)] + AccessTable.Markdown() + doc[to..];
            File.WriteAllText(path, doc);
            to = doc.IndexOf(end, StringComparison.Ordinal);
        }
        Assert.Equal(AccessTable.Markdown(), doc[(from + start.Length)..to]);
    }

    private static IEnumerable<(AccessTable.Kind Kind, string Name, bool IsObject)> Fields(JsonElement data, string type, AccessTable.Kind kind)
    {
        foreach (var f in data.GetProperty("__schema").GetProperty(type).GetProperty("fields").EnumerateArray())
        {
            var t = f.GetProperty("type");
            while (t.TryGetProperty("ofType", out var inner) && inner.ValueKind == JsonValueKind.Object) t = inner;
            yield return (kind, f.GetProperty("name").GetString()!, t.GetProperty("kind").GetString() is "OBJECT" or "INTERFACE" or "UNION");
        }
    }
}
