using System.Reflection;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Errors;
using GraphQLParser;
using GridGov.Client.Queries;
using GridGov.Client.Services;

namespace GridGov.Api.Tests;

/// <summary>
/// Every document the viewer sends is checked against the checked-in schema (server/schema.graphql, itself
/// checked against the server by SchemaFileTests): a renamed field fails here, not on a user's page.
/// </summary>
public class ClientQueriesTests
{
    private static readonly Lazy<ISchema> Schema = new(() =>
    {
        var sdl = File.ReadAllText(Path.Combine(Testing.RepoRoot.Path, "server", "schema.graphql"));
        var schema = GraphQL.Types.Schema.For(sdl);
        // The server's own scalar (GeoJSON) has no class here; client documents only pass it in variables.
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sdl, @"^scalar (\w+)", System.Text.RegularExpressions.RegexOptions.Multiline)
                     .Select(m => m.Groups[1].Value).Where(n => n is not ("DateOnly" or "DateTimeOffset")))
            schema.RegisterType(new OpaqueScalar(name));
        schema.Initialize();
        return schema;
    });

    /// <summary>The viewer's documents: the Queries folder, plus the phone pages' queued mutations that live with their models.</summary>
    public static TheoryData<string> Documents() => [.. Names()];

    private static List<string> Names()
    {
        var data = new List<string>();
        var client = typeof(CoverageQueries).Assembly;
        var holders = client.GetTypes().Where(t => t.Namespace == typeof(CoverageQueries).Namespace)
            .Concat([typeof(FieldMutations), typeof(CadreQueries)]);
        foreach (var type in holders)
            foreach (var f in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                if (f is { IsLiteral: true, FieldType.Name: nameof(String) })
                    data.Add(type.Name + "." + f.Name);
        // The first map's query (composed on the server too) lives with its layers.
        data.Add(nameof(CoverageLayers) + "." + nameof(CoverageLayers.BoundariesQuery));
        data.Add(nameof(CoverageLayers) + "." + nameof(CoverageLayers.FiguresQuery));
        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public async Task Document_is_valid_against_the_schema(string name)
    {
        var dot = name.IndexOf('.');
        var type = typeof(CoverageQueries).Assembly.GetTypes().Single(t => t.Name == name[..dot]);
        var text = (string)type.GetField(name[(dot + 1)..])!.GetRawConstantValue()!;
        // A fragment of fields (VillageQueries.CellFields) is checked inside the documents that use it.
        if (!text.TrimStart().StartsWith('{') && !text.TrimStart().StartsWith("query") && !text.TrimStart().StartsWith("mutation"))
        {
            Assert.Contains(typeof(CoverageQueries).Assembly.GetTypes().SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
                .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!), d => d != text && d.Contains(text));
            return;
        }
        Assert.Empty(await ErrorsOf(text));
    }

    [Fact]
    public void Every_folder_class_holds_documents() =>
        Assert.True(Names().Count >= 30, $"only {Names().Count} documents found: the reflection over the Queries folder broke");

    [Theory]
    [InlineData("{ townships { code nmae } }", "nmae")]
    [InlineData("query($a: String!) { coverage(areaCode: $a) { linkedShare children { uncoveredArea(crs: EPSG_9999) } } }", "EPSG_9999")]
    [InlineData("{ village { code } }", "code")]
    [InlineData("mutation { rateMember(memberId: \"1\", month: \"2026-01\", rating: GOOD) { rating } }", "GOOD")]
    [InlineData("{ coverage(areaCode: \"5206\") { farLinks } }", "farLinks")]
    public async Task A_wrong_document_fails(string text, string named)
    {
        var errors = await ErrorsOf(text);
        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    private static async Task<List<string>> ErrorsOf(string text)
    {
        var document = Parser.Parse(text);
        var result = await new DocumentValidator().ValidateAsync(new ValidationOptions
        {
            Schema = Schema.Value,
            Document = document,
            Operation = document.Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().Single(),
            Variables = Inputs.Empty,
            Extensions = Inputs.Empty,
            UserContext = new Dictionary<string, object?>(),
            RequestServices = null,
        });
        // No variable values are sent here: "missing value" is about the call, not the document.
        return result.Errors.Where(e => e is not InvalidVariableError).Select(e => e.Message).ToList();
    }

    private sealed class OpaqueScalar : ScalarGraphType
    {
        public OpaqueScalar(string name) => Name = name;
        public override object? ParseLiteral(GraphQLParser.AST.GraphQLValue value) => value;
        public override object? ParseValue(object? value) => value;
    }
}
