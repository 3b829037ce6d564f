using System.Diagnostics;
using System.Globalization;
using System.Text;
using GridGov.Domain.Areas;
using GridGov.Persistence;
using GridGov.Persistence.Monthly;
using GridGov.Persistence.Ranking;
using GridGov.Persistence.Sql;
using GridGov.Sample;
using GridGov.Testing;
using Npgsql;

namespace GridGov.Cli.Tests;

/// <summary>
/// `./gridgov export board` and `ranking` from the command line: the CSV holds the rows of the code the GraphQL branchBoard and
/// ranking fields answer from (BranchBoard.LoadAsync, RankingQuery — compared with those fields in the API's export tests).
/// </summary>
public class ExportBoardRankingTests(PostgisFixture pg) : IClassFixture<PostgisFixture>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gridgov-export-board-").FullName;

    private static (int Code, string Stdout, string Stderr) Gridgov(string db, params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(RepoRoot.Path, "gridgov"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GRIDGOV_DB"] = db;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static List<string[]> Csv(string path) =>
        File.ReadAllLines(path, Encoding.UTF8).Select(l => l.Split(',')).ToList();

    [Fact]
    public async Task The_cli_exports_the_board_and_the_ranking_as_their_graphql_fields_compute_them()
    {
        var db = await SampleDatabases.CreateAsync(pg, "export_board_cli", new SampleOptions
        {
            GeodataFolder = GeodataSource.ResolveFolder(null), Households = 1500, AsOf = new DateOnly(2026, 11, 1),
        });
        string village;
        await using (var conn = new NpgsqlConnection(db))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT m.village_code FROM party_members m GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1", conn);
            village = (string)(await cmd.ExecuteScalarAsync())!;
        }
        var now = DateTimeOffset.UtcNow;
        await using var source = GridGovDb.CreateDataSource(db);
        await using var ef = new GridGovDbContext(GridGovDb.Options(source));

        var boardCsv = Path.Combine(_folder, "board.csv");
        var r = Gridgov(db, "export", "board", "--area", village, "--month", "2026-10", "--format", "csv", "--out", boardCsv);
        Assert.True(r.Code == 0, r.Stderr);
        var board = await BranchBoard.LoadAsync(ef, village, new DateOnly(2026, 10, 1), now, CancellationToken.None);
        var lines = Csv(boardCsv);
        Assert.Equal("党员编号", lines[0][0].TrimStart('\uFEFF'));
        Assert.Equal(board.Members.Count + 1, lines.Count);
        Assert.True(board.Members.Sum(m => m.HouseholdsLinked) > 0, "the village's members have households");
        for (var i = 0; i < board.Members.Count; i++)
        {
            var (m, line) = (board.Members[i], lines[i + 1]);
            Assert.Equal(m.Member.Id.ToString(CultureInfo.InvariantCulture), line[0]);
            Assert.Equal(m.Member.Person?.Name, line[1]);
            Assert.Equal(m.HouseholdsLinked.ToString(CultureInfo.InvariantCulture), line[2]);
            Assert.Equal(m.HouseholdsContacted.ToString(CultureInfo.InvariantCulture), line[3]);
        }

        var rankingCsv = Path.Combine(_folder, "ranking.csv");
        r = Gridgov(db, "export", "ranking", "--area", "520625000000", "--quarter", "2026Q4", "--format", "csv", "--out", rankingCsv);
        Assert.True(r.Code == 0, r.Stderr);
        Assert.Contains("394 rows", r.Stdout);
        var ranked = await RankingQuery.LoadAsync(ef, new CoverageStore(source), "520625000000", AreaLevel.Township, new DateOnly(2026, 10, 1),
            now, CancellationToken.None);
        var rows = Csv(rankingCsv).Skip(1).Take(17).ToList();
        Assert.Equal(ranked.Select(x => (x.Score.AreaCode, x.Score.Rank.ToString(CultureInfo.InvariantCulture))),
            rows.Select(x => (x[2], x[1])));
        Assert.Equal(ranked.Select(x => x.Score.Score), rows.Select(x => double.Parse(x[4], CultureInfo.InvariantCulture)));

        var bad = Gridgov(db, "export", "ranking", "--area", "520625000000", "--quarter", "2026Q9", "--out", Path.Combine(_folder, "none.xlsx"));
        Assert.Equal(2, bad.Code);
        Assert.Contains("quarter", bad.Stderr);
        Assert.False(File.Exists(Path.Combine(_folder, "none.xlsx")));
    }
}
