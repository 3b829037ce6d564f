using GraphQL.Types;
using GridGov.Api.Infrastructure;
using GridGov.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGov.Api.Tests;

/// <summary>
/// A text longer than its column is refused at the edge, naming the field and the column's limit
/// from the EF model; every text input of a mutation is either held to a column or declared not stored.
/// </summary>
public class ColumnLengthsTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task Every_text_input_of_a_mutation_is_mapped_to_its_column_or_declared_not_stored()
    {
        using var factory = new ApiFactory(await TestCounty.CreateAsync(pg));
        var schema = factory.Services.GetRequiredService<ISchema>();
        schema.Initialize();

        var found = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<IInputObjectGraphType>();
        void Walk(IGraphType? type)
        {
            type = Unwrap(type);
            if (type is not IInputObjectGraphType input || !seen.Add(input)) return;
            foreach (var f in input.Fields)
            {
                if (Unwrap(f.ResolvedType) is StringGraphType) found.Add($"{input.Name}.{f.Name}");
                Walk(f.ResolvedType);
            }
        }
        foreach (var field in schema.Mutation!.Fields)
            foreach (var arg in field.Arguments ?? [])
            {
                if (Unwrap(arg.ResolvedType) is StringGraphType) found.Add($"Mutation.{field.Name}.{arg.Name}");
                Walk(arg.ResolvedType);
            }

        var declared = ColumnLengths.Columns.Keys.Concat(ColumnLengths.NotStored).ToHashSet();
        var undeclared = found.Except(declared).Order().ToList();
        Assert.True(undeclared.Count == 0, "a new text input needs a column or a reason: " + string.Join(", ", undeclared));
        var stale = declared.Except(found).Order().ToList();
        Assert.True(stale.Count == 0, "a removed one leaves no stale entry: " + string.Join(", ", stale));
        Assert.Contains("CreateHouseholdInput.headName", found);

        // Every mapped column has a limit in the model (the constructor throws otherwise).
        var lengths = factory.Services.GetRequiredService<ColumnLengths>();
        Assert.Equal((50, "HeadName"), lengths.For("CreateHouseholdInput.headName"));
        Assert.Equal((500, "TieNote"), lengths.For("Mutation.addTie.note"));
        Assert.Null(lengths.For("Mutation.proposeLinks.villageCode"));
        // Every column has its label in both languages.
        foreach (var label in ColumnLengths.Columns.Values.Select(c => c.Label).Distinct())
            Assert.False(string.IsNullOrEmpty(GridGov.Api.Resources.Messages.FieldLabel(label).En), label);
    }

    private static IGraphType? Unwrap(IGraphType? t)
    {
        while (t is NonNullGraphType or ListGraphType) t = t is NonNullGraphType n ? n.ResolvedType : ((ListGraphType)t).ResolvedType;
        return t;
    }

    [Fact]
    public async Task Too_long_text_is_refused_naming_the_field_and_its_limit_and_nothing_changes()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        var before = await CountsAsync(cs);

        var r = await client.GraphQLAsync("mutation($n: String!) { createHousehold(input: {villageCode: \"520625101001\", householdNo: \"L-1\", headName: $n}) { household { id } } }",
            new { n = new string('田', 51) });
        Assert.Equal("VALIDATION", r.FirstCode);
        Assert.Equal("户主姓名过长（51 个字，最多 50 个字），未做任何修改。", Message(r));

        r = await client.GraphQLAsync("mutation($a: String) { updateHousehold(id: 4, input: {address: $a}) { household { id } } }", new { a = new string('路', 201) });
        Assert.Equal("VALIDATION", r.FirstCode);
        Assert.Contains("地址过长（201 个字，最多 200 个字）", Message(r));

        r = await client.GraphQLAsync("mutation($t: String) { addTie(memberId: 2, householdId: 4, kind: SOCIAL, note: $t) { id } }", new { t = new string('x', 501) });
        Assert.Equal("VALIDATION", r.FirstCode);
        Assert.Contains("关系备注过长（501 个字，最多 500 个字）", Message(r));

        // The review reason had a hand-written check of its own before; the column's limit is the one rule now.
        r = await client.GraphQLAsync("mutation($r: String) { reviewDeclaration(id: 1, decision: RETURN, reason: $r) { id } }", new { r = new string('因', 501) });
        Assert.Equal("VALIDATION", r.FirstCode);
        Assert.Contains("评议意见过长（501 个字，最多 500 个字）", Message(r));

        Assert.Equal(before, await CountsAsync(cs));
    }

    [Fact]
    public async Task Length_counts_characters_as_the_database_does_so_a_name_of_rare_characters_at_the_limit_is_stored()
    {
        var cs = await TestCounty.CreateAsync(pg);
        using var factory = new ApiFactory(cs);
        var client = await factory.LoginAsync("sec-a1");
        // 𠀀 (U+20000) is one character to PostgreSQL and two UTF-16 units to .NET.
        var name = string.Concat(Enumerable.Repeat("𠀀", 50));
        Assert.Equal(100, name.Length);
        var r = await client.GraphQLAsync("mutation($n: String!) { createHousehold(input: {villageCode: \"520625101001\", householdNo: \"L-2\", headName: $n}) { household { id headName } } }",
            new { n = name });
        Assert.False(r.HasErrors, r.ToString());
        Assert.Equal(name, r.Data.GetProperty("createHousehold").GetProperty("household").GetProperty("headName").GetString());

        r = await client.GraphQLAsync("mutation($n: String!) { createHousehold(input: {villageCode: \"520625101001\", householdNo: \"L-3\", headName: $n}) { household { id } } }",
            new { n = name + "𠀀" });
        Assert.Contains("户主姓名过长（51 个字，最多 50 个字）", Message(r));
    }

    private static string Message(GraphQLResponse r) => r.Body.GetProperty("errors")[0].GetProperty("message").GetString()!;

    private static async Task<(long, long, long)> CountsAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM households), (SELECT count(*) FROM ties), (SELECT count(*) FROM audit_events)", conn);
        await using var rd = await cmd.ExecuteReaderAsync();
        await rd.ReadAsync();
        return (rd.GetInt64(0), rd.GetInt64(1), rd.GetInt64(2));
    }
}
