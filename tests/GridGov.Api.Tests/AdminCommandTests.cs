using GridGov.Api.Admin;
using GridGov.Testing;

namespace GridGov.Api.Tests;

public class AdminCommandTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task An_operator_creates_a_key_that_works_and_revokes_it()
    {
        var cs = await TestCounty.CreateAsync(pg);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await AdminCommands.RunAsync(["apikey", "create", "--name", "poverty-monitoring", "--area", TestCounty.County, "--scopes", "read,read-pii"], cs, stdout, stderr);
        Assert.Equal(0, code);
        var key = stdout.ToString().Trim();
        Assert.StartsWith("gg_", key);
        // No key cache here, so the revocation shows at once (in production it takes up to Auth:ApiKeyCacheSeconds).
        using var factory = new ApiFactory(cs, new Dictionary<string, string> { ["Auth:ApiKeyCacheSeconds"] = "0" });
        var r = await factory.WithKey(key).GraphQLAsync("{ household(id: 1) { idNumber } }");
        Assert.Equal(TestCounty.H1Id, r.Data.GetProperty("household").GetProperty("idNumber").GetString());

        var prefix = key.Split('_')[1];
        Assert.Equal(0, await AdminCommands.RunAsync(["apikey", "revoke", "--prefix", prefix], cs, TextWriter.Null, TextWriter.Null));
        Assert.Equal("UNAUTHENTICATED", (await factory.WithKey(key).GraphQLAsync("{ me { role } }")).FirstCode);
    }

    [Theory]
    [InlineData(new[] { "apikey", "create", "--name", "x", "--area", "520625000000", "--scopes", "admin" }, "--scopes")]
    [InlineData(new[] { "apikey", "create", "--name", "x", "--area", "999999999999", "--scopes", "read" }, "no such area")]
    [InlineData(new[] { "apikey", "create", "--area", "520625000000", "--scopes", "read" }, "--name is required")]
    [InlineData(new[] { "apikey", "frobnicate" }, "usage")]
    public async Task Bad_operator_input_exits_2_with_a_message(string[] args, string message)
    {
        var cs = await TestCounty.CreateAsync(pg);
        var stderr = new StringWriter();
        Assert.Equal(2, await AdminCommands.RunAsync(args, cs, TextWriter.Null, stderr));
        Assert.Contains(message, stderr.ToString());
    }
}
