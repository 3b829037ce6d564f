using System.Text.Json.Nodes;
using GridGov.Cli;

namespace GridGov.Cli.Tests;

public sealed class LinkCommandTests : IDisposable
{
    private static readonly string Example = Path.Combine(AppContext.BaseDirectory, "examples", "link-instance.json");
    private readonly string folder = Directory.CreateTempSubdirectory("gridgov-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string json)
    {
        var path = Path.Combine(folder, $"instance-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Solves_the_example_to_stdout()
    {
        var (code, output, error) = Run("link", "--in", Example);
        Assert.Equal("", error);
        Assert.Equal(0, code);
        var result = JsonNode.Parse(output)!.AsObject();
        var links = result["links"]!.AsArray();
        Assert.Equal(links.Count, (int)result["linkedCount"]!);
        // Each figure is rounded to 1e-6 on output, so the sum may differ in the last places.
        Assert.True(Math.Abs(links.Sum(l => (double)l!["score"]!) - (double)result["totalScore"]!) <= 1e-5);
        // The example has a locked link, a numeric id, a migrant and a household out of reach.
        Assert.Contains(links, l => (string)l!["member"]! == "m2" && (string)l["household"]! == "h06" && (bool)l["locked"]!);
        Assert.Contains(links, l => (string)l!["household"]! == "12");
        Assert.DoesNotContain(links, l => (string)l!["member"]! == "m4");
        Assert.Contains(result["unlinked"]!.AsArray(),
            u => (string)u!["household"]! == "h11" && (string)u["reason"]! == "no_member_within_distance");
        foreach (var l in links)
        {
            Assert.Contains((string)l!["basis"]!, new[] { "blood", "marriage", "social", "proximity", "remote" });
            Assert.NotNull(l["distanceMeters"]);
            Assert.NotNull(l["explanation"]!["tieScore"]);
        }
    }

    [Fact]
    public void Writes_the_same_result_to_a_file_with_out()
    {
        var outPath = Path.Combine(folder, "result.json");
        var (code, output, error) = Run("link", "--in", Example, "--out", outPath);
        Assert.Equal((0, "", ""), (code, output, error));
        Assert.Equal(Run("link", "--in", Example).Out, File.ReadAllText(outPath));
    }

    [Fact]
    public void Settings_and_weights_are_optional()
    {
        var path = Write("""
            { "members": [ { "id": 1, "x": 0, "y": 0 } ],
              "households": [ { "id": "a", "x": 500, "y": 0 } ],
              "ties": [ { "member": "1", "household": "a", "kind": "marriage" } ] }
            """);
        var (code, output, _) = Run("link", "--in", path);
        Assert.Equal(0, code);
        var link = JsonNode.Parse(output)!["links"]![0]!;
        Assert.Equal("1", (string)link["member"]!);
        Assert.Equal("marriage", (string)link["basis"]!);
        Assert.Equal(7 - 1.0, (double)link["score"]!, 9);
    }

    [Theory]
    [InlineData("", "b", "a")] // by default m1 never gets "a", the household m1 lives in
    [InlineData("\"settings\": { \"allowOwnHousehold\": true },", "a", "b")]
    public void A_members_own_household_goes_to_someone_else_unless_allowed(string settings, string ofM1, string ofM2)
    {
        var path = Write($$"""
            { {{settings}}
              "members": [ { "id": "m1", "x": 0, "y": 0, "capacity": 1, "household": "a" }, { "id": "m2", "x": 1000, "y": 0, "capacity": 1 } ],
              "households": [ { "id": "a", "x": 0, "y": 0 }, { "id": "b", "x": 1000, "y": 0 } ] }
            """);
        var (code, output, error) = Run("link", "--in", path);
        Assert.Equal((0, ""), (code, error));
        var links = JsonNode.Parse(output)!["links"]!.AsArray();
        Assert.Equal(ofM1, (string)links.Single(l => (string)l!["member"]! == "m1")!["household"]!);
        Assert.Equal(ofM2, (string)links.Single(l => (string)l!["member"]! == "m2")!["household"]!);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "invalid JSON", """{ "members": [ """, "input: invalid JSON" },
        { "not an object", "[1, 2]", "input: must be a JSON object" },
        { "unknown top-level property", """{ "member": [] }""", "input: unknown property \"member\"" },
        { "unknown weight", """{ "settings": { "weights": { "blod": 3 } } }""", "settings.weights: unknown property \"blod\"" },
        { "negative max distance", """{ "settings": { "maxDistanceMeters": -1 } }""", "settings.maxDistanceMeters:" },
        { "duplicate member id", Instance(members: """{"id":"m1","x":0,"y":0},{"id":"m7","x":1,"y":1},{"id":"m2","x":2,"y":2},{"id":"m7","x":3,"y":3}"""), "members[3]: duplicate id \"m7\"" },
        { "duplicate id across string and number", Instance(members: """{"id":"7","x":0,"y":0},{"id":7,"x":1,"y":1}"""), "members[1]: duplicate id \"7\"" },
        { "duplicate household id", Instance(households: """{"id":"h1","x":0,"y":0},{"id":"h1","x":1,"y":1}"""), "households[1]: duplicate id \"h1\"" },
        { "negative capacity", Instance(members: """{"id":"m1","x":0,"y":0,"capacity":-2}"""), "members[0].capacity: negative capacity -2 for member \"m1\"" },
        { "fractional capacity", Instance(members: """{"id":"m1","x":0,"y":0,"capacity":1.5}"""), "members[0].capacity: must be an integer" },
        { "NaN coordinate", Instance(households: """{"id":"h1","x":"NaN","y":0}"""), "households[0].x: must be a finite number" },
        { "infinite coordinate", Instance(members: """{"id":"m1","x":0,"y":1e999}"""), "members[0].y: must be a finite number" },
        { "missing coordinate", Instance(members: """{"id":"m1","x":0}"""), "members[0].y: missing" },
        { "fractional id", Instance(members: """{"id":1.5,"x":0,"y":0}"""), "members[0].id: must be a non-empty string or an integer" },
        { "unknown member in tie", Instance(ties: """{"member":"m9","household":"h1","kind":"blood"}"""), "ties[0].member: unknown member \"m9\"" },
        { "unknown household in tie", Instance(ties: """{"member":"m1","household":"h9","kind":"blood"}"""), "ties[0].household: unknown household \"h9\"" },
        { "unknown tie kind", Instance(ties: """{"member":"m1","household":"h1","kind":"friend"}"""), "ties[0].kind: unknown tie kind \"friend\"" },
        { "unknown member in current", Instance(current: """{"member":"m9","household":"h1"}"""), "current[0].member: unknown member \"m9\"" },
        { "household current twice", Instance(current: """{"member":"m1","household":"h1"},{"member":"m1","household":"h1"}"""), "current[1]: household \"h1\" is already current" },
        { "unknown household in locked", Instance(locked: """{"member":"m1","household":"h9"}"""), "locked[0].household: unknown household \"h9\"" },
        { "household locked twice", Instance(locked: """{"member":"m1","household":"h1"},{"member":"m1","household":"h1"}"""), "locked[1]: household \"h1\" is locked twice" },
        { "locked beyond capacity", Instance(members: """{"id":"m1","x":0,"y":0,"capacity":1}""", locked: """{"member":"m1","household":"h1"},{"member":"m1","household":"h2"}"""), "locked[1]: member \"m1\" has 2 locked households but capacity 1" },
        { "locked to a migrant", Instance(members: """{"id":"m1","x":0,"y":0,"migrant":true}""", locked: """{"member":"m1","household":"h1"}"""), "locked[0]: member \"m1\" has 1 locked households but capacity 0" },
        { "duplicate property", """{ "settings": {}, "settings": {} }""", "input: property \"settings\" appears twice" },
        { "allowOwnHousehold not a boolean", """{ "settings": { "allowOwnHousehold": "yes" } }""", "settings.allowOwnHousehold: must be true or false" },
        { "fractional member household", Instance(members: """{"id":"m1","x":0,"y":0,"household":2.5}"""), "members[0].household: must be a non-empty string or an integer" },
    };

    private static string Instance(string? members = null, string? households = null, string ties = "", string current = "", string locked = "") =>
        $$"""
        {
          "members": [ {{members ?? """{"id":"m1","x":0,"y":0}"""}} ],
          "households": [ {{households ?? """{"id":"h1","x":10,"y":0},{"id":"h2","x":20,"y":0}"""}} ],
          "ties": [ {{ties}} ],
          "current": [ {{current}} ],
          "locked": [ {{locked}} ]
        }
        """;

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_input_exits_2_naming_the_entry(string what, string json, string expected)
    {
        var (code, output, error) = Run("link", "--in", Write(json));
        Assert.True(code == 2, $"{what}: exit code {code}");
        Assert.Equal("", output);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Malformed_input_writes_no_out_file()
    {
        var outPath = Path.Combine(folder, "result.json");
        var (code, _, _) = Run("link", "--in", Write("{"), "--out", outPath);
        Assert.Equal(2, code);
        Assert.False(File.Exists(outPath));
    }

    [Theory]
    [InlineData(new string[0], "usage:")]
    [InlineData(new[] { "solve" }, "unknown command \"solve\"")]
    [InlineData(new[] { "link" }, "missing --in")]
    [InlineData(new[] { "link", "--in" }, "--in needs a file name")]
    [InlineData(new[] { "link", "--input", "x.json" }, "unknown option \"--input\"")]
    [InlineData(new[] { "link", "--in", "/nonexistent/instance.json" }, "/nonexistent/instance.json: cannot read")]
    public void Bad_usage_exits_2(string[] args, string expected)
    {
        var (code, output, error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(expected, error);
    }
}
