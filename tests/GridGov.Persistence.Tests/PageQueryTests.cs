using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Domain.Members;
using GridGov.Persistence.Sql;
using GridGov.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridGov.Persistence.Tests;

/// <summary>
/// The plain-SQL page reader (RowShape, PageQuery) (the API's direct path) reads the same values EF does: column names,
/// enums stored as text, geometries, dates, a joined navigation and a left-joined related row.
/// </summary>
public class PageQueryTests(PostgisFixture pg) : IAsyncLifetime, IClassFixture<PostgisFixture>
{
    private const string Village = "520625101001";
    private string _cs = "";
    private NpgsqlDataSource _ds = null!;

    public async Task InitializeAsync()
    {
        _cs = await pg.CreateDatabaseAsync("rowshape");
        _ds = GridGovDb.CreateDataSource(_cs);
        await using var cmd = _ds.CreateCommand("""
            INSERT INTO areas (code, level, name, parent_code, boundary_source, is_deep_poverty)
            VALUES ('520625000000', 'county', '印江县', NULL, 'real', false),
                   ('520625101000', 'township', '板溪镇', '520625000000', 'synthetic', false),
                   ('520625101001', 'village', '测试村', '520625101000', 'synthetic', false),
                   ('520625102001', 'village', '别村', '520625101000', 'synthetic', false);
            INSERT INTO party_branches (id, village_code, name, source) VALUES (1, '520625101001', '测试村党支部', 'synthetic'),
                   (2, '520625102001', '别村党支部', 'synthetic');
            INSERT INTO households (id, village_code, location, head_name, size, poverty_status, source, id_number, phone)
            VALUES (1, '520625101001', ST_GeomFromText('POINT(108.4 28.0)', 4326), '田某', 3, 'lifted_out', 'synthetic', '520625199001011234', '13800001111'),
                   (2, '520625101001', ST_GeomFromText('POINT(108.41 28.01)', 4326), '杨某', 1, 'none', 'synthetic', NULL, NULL),
                   (3, '520625102001', ST_GeomFromText('POINT(108.5 28.1)', 4326), '冉某', 2, 'monitored', 'synthetic', NULL, NULL),
                   (4, '520625101001', ST_GeomFromText('POINT(108.42 28.02)', 4326), '张某', 5, 'poor', 'synthetic', NULL, NULL);
            INSERT INTO people (id, name, gender, birth_year, source) VALUES (1, '杨某', 'male', 1970, 'synthetic'), (2, '冉某', 'female', NULL, 'synthetic');
            INSERT INTO party_members (id, person_id, branch_id, village_code, home, status, capacity, joined_on)
            VALUES (1, 1, 1, '520625101001', ST_GeomFromText('POINT(108.401 28.0)', 4326), 'elderly', NULL, '1995-07-01'),
                   (2, 2, 2, '520625102001', ST_GeomFromText('POINT(108.501 28.1)', 4326), 'active', 6, NULL);
            INSERT INTO grid_cells (id, village_code, branch_id, name, geometry, leader_member_id, version, created_at, updated_at, source)
            VALUES (1, '520625101001', 1, '一组', ST_GeomFromText('POLYGON((108.39 27.99,108.43 27.99,108.43 28.03,108.39 28.03,108.39 27.99))', 4326), 1, 3, now(), now(), 'entered'),
                   (2, '520625101001', 1, '二组', ST_GeomFromText('POLYGON((108.43 27.99,108.45 27.99,108.45 28.03,108.43 28.03,108.43 27.99))', 4326), 2, 1, now(), now(), 'entered'),
                   (3, '520625101001', 1, '三组', ST_GeomFromText('POLYGON((108.45 27.99,108.47 27.99,108.47 28.03,108.45 28.03,108.45 27.99))', 4326), NULL, 1, now(), now(), 'entered');
            """);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _ds.DisposeAsync();

    private GridGovDbContext Db() => new(GridGovDb.Options(_cs));

    private static readonly RowFilter[] InVillage = [new RowFilter.Equal("VillageCode", Village)];

    [Fact]
    public async Task Filters_on_an_area_prefix_an_enum_stored_as_text_a_time_and_an_open_link()
    {
        await using var db = Db();
        await using (var link = _ds.CreateCommand("""
            INSERT INTO links (member_id, household_id, valid_from, valid_to, basis, locked, ended_by)
            VALUES (1, 1, now() - interval '2 days', NULL, 'proximity', false, NULL), (1, 2, now() - interval '9 days', now() - interval '1 day', 'proximity', false, 'sec')
            """))
            await link.ExecuteNonQueryAsync();
        var households = new PageQuery(db.Model, new RowShape(db.Model, typeof(Household), "h", ["VillageCode"]));
        async Task<long[]> Ids(params RowFilter[] filters) =>
            (await households.ReadAsync(_ds, filters, null, 100, false, null, default)).Rows.Select(r => ((Household)r.Row).Id).ToArray();

        Assert.Equal(new long[] { 1L, 2L, 3L, 4L }, await Ids(new RowFilter.StartsWith("VillageCode", "520625")));
        Assert.Equal(new long[] { 3L }, await Ids(new RowFilter.StartsWith("VillageCode", "520625102")));
        Assert.Equal(new long[] { 3L }, await Ids(new RowFilter.Equal("PovertyStatus", PovertyStatus.Monitored)));
        // Household 2's link has ended: it counts as unlinked, like one never linked.
        var without = new RowFilter.HasOpen(typeof(GridGov.Domain.Links.Link), "HouseholdId", "ValidTo", Exists: false);
        Assert.Equal(new long[] { 2L, 4L }, await Ids(without, new RowFilter.Equal("VillageCode", Village)));
        Assert.Equal(new long[] { 1L }, await Ids(without with { Exists = true }));
        var (_, total) = await households.ReadAsync(_ds, [without, new RowFilter.StartsWith("VillageCode", "520625")], null, 1, true, null, default);
        Assert.Equal(3, total);

        var cells = new PageQuery(db.Model, new RowShape(db.Model, typeof(GridCell), "c", ["VillageCode", "UpdatedAt"]));
        var (all, _) = await cells.ReadAsync(_ds, [new RowFilter.AtLeast("UpdatedAt", DateTimeOffset.UtcNow.AddDays(-1))], null, 10, false, null, default);
        Assert.Equal(3, all.Count);
        var (none, _) = await cells.ReadAsync(_ds, [new RowFilter.AtLeast("UpdatedAt", DateTimeOffset.UtcNow.AddDays(1))], null, 10, false, null, default);
        Assert.Empty(none);
    }

    [Fact]
    public async Task Households_of_a_village_in_id_order_with_the_asked_columns_and_the_count()
    {
        await using var db = Db();
        var shape = new RowShape(db.Model, typeof(Household), "h", ["VillageCode", "HeadName", "PovertyStatus", "Location", "IdNumber"]);
        var query = new PageQuery(db.Model, shape);
        var (rows, total) = await query.ReadAsync(_ds, InVillage, after: null, limit: 2, count: true, relatedPrefix: null, default);
        Assert.Equal(3, total);
        var expected = await db.Households.AsNoTracking().Where(h => h.VillageCode == Village).OrderBy(h => h.Id).Take(2).ToListAsync();
        Assert.Equal(expected.Select(h => (h.Id, h.HeadName, h.PovertyStatus, h.Location.ToText(), h.IdNumber)),
            rows.Select(r => (Household)r.Row).Select(h => (h.Id, h.HeadName, h.PovertyStatus, h.Location.ToText(), h.IdNumber)));
        Assert.Equal(PovertyStatus.LiftedOut, ((Household)rows[0].Row).PovertyStatus);
        // Columns not asked for are not read.
        Assert.Null(((Household)rows[0].Row).Phone);

        var (next, none) = await query.ReadAsync(_ds, InVillage, after: 2, limit: 10, count: false, relatedPrefix: null, default);
        Assert.Equal(-1, none);
        Assert.Equal([4L], next.Select(r => ((Household)r.Row).Id));
    }

    [Fact]
    public async Task Members_with_their_person_through_a_join()
    {
        await using var db = Db();
        var shape = new RowShape(db.Model, typeof(PartyMember), "m", ["VillageCode", "Status", "Capacity", "JoinedOn", "Person.Name", "Person.BirthYear"]);
        var (rows, _) = await new PageQuery(db.Model, shape).ReadAsync(_ds, InVillage, null, 10, false, null, default);
        var m = Assert.IsType<PartyMember>(Assert.Single(rows).Row);
        Assert.Equal((1L, MemberStatus.Elderly, (int?)null, (DateOnly?)new DateOnly(1995, 7, 1)), (m.Id, m.Status, m.Capacity, m.JoinedOn));
        Assert.Equal(("杨某", (int?)1970), (m.Person!.Name, m.Person.BirthYear));
    }

    [Fact]
    public async Task Cells_with_their_leader_only_inside_the_given_area()
    {
        await using var db = Db();
        var cells = new RowShape(db.Model, typeof(GridCell), "c", ["VillageCode", "Name", "Version", "Geometry", "LeaderMemberId"]);
        var leaders = new RowShape(db.Model, typeof(PartyMember), "l", ["VillageCode", "Person.Name"], optional: true);
        var query = new PageQuery(db.Model, cells, "LeaderMemberId", leaders);

        var (rows, _) = await query.ReadAsync(_ds, InVillage, null, 5000, false, relatedPrefix: "520625", default);
        Assert.Equal([1L, 2L, 3L], rows.Select(r => ((GridCell)r.Row).Id));
        Assert.Equal(3, ((GridCell)rows[0].Row).Version);
        Assert.Equal("杨某", ((PartyMember)rows[0].Related!).Person!.Name);
        Assert.Equal("冉某", ((PartyMember)rows[1].Related!).Person!.Name);
        Assert.Null(rows[2].Related);

        // A leader from outside the reader's area is not shown, though the cell is.
        var (inVillage, _) = await query.ReadAsync(_ds, InVillage, null, 5000, false, relatedPrefix: Village, default);
        Assert.NotNull(inVillage[0].Related);
        Assert.Null(inVillage[1].Related);
        Assert.Equal(2L, ((GridCell)inVillage[1].Row).LeaderMemberId);
    }

    // RowShape reads a row through one compiled method (no per-column delegates): what it does with NULLs, pinned on rows
    // the schema does not allow, made by hand with the shape's own select list.
    [Fact]
    public async Task A_joined_row_that_is_missing_leaves_its_navigation_null_and_a_null_for_a_non_nullable_property_is_an_error()
    {
        await using var db = Db();
        var members = new RowShape(db.Model, typeof(PartyMember), "m", ["Status", "Capacity", "Person.Name", "Person.BirthYear"]);
        await using (var cmd = _ds.CreateCommand($"SELECT {members.SelectList} FROM party_members m LEFT JOIN people m_person ON false WHERE m.id = 1"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            var m = Assert.IsType<PartyMember>(members.Read(reader, 0));
            Assert.Equal((1L, MemberStatus.Elderly, (int?)null), (m.Id, m.Status, m.Capacity));
            Assert.Null(m.Person); // not a Person with a null name
        }
        // The person is there, a nullable member of it is not.
        await using (var cmd = _ds.CreateCommand($"SELECT {members.SelectList} FROM party_members m JOIN people m_person ON m_person.id = m.person_id WHERE m.id = 2"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            var m = Assert.IsType<PartyMember>(members.Read(reader, 0));
            Assert.Equal((MemberStatus.Active, (int?)6, "冉某", (int?)null), (m.Status, m.Capacity, m.Person!.Name, m.Person.BirthYear));
        }

        var households = new RowShape(db.Model, typeof(Household), "h", ["Size"]);
        await using (var cmd = _ds.CreateCommand("SELECT h.id, NULL::integer FROM households h WHERE h.id = 1"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            var e = Assert.Throws<InvalidOperationException>(() => households.Read(reader, 0));
            Assert.Contains("Household.Size", e.Message);
        }
        // A missing row (its key NULL) is no entity at all.
        await using (var cmd = _ds.CreateCommand("SELECT NULL::bigint, NULL::integer"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Null(households.Read(reader, 0));
        }
    }

    [Fact]
    public async Task Every_member_status_and_poverty_status_stored_as_text_reads_back_as_itself()
    {
        // The reader looks enum names up (RowShape's memo) instead of parsing them: each value of both enums, through SQL.
        await using var db = Db();
        var statuses = Enum.GetValues<MemberStatus>();
        var members = new RowShape(db.Model, typeof(PartyMember), "m", ["Status"]);
        foreach (var status in statuses)
        {
            await using (var update = _ds.CreateCommand("UPDATE party_members SET status = $1 WHERE id = 1"))
            {
                update.Parameters.Add(new NpgsqlParameter { Value = db.Model.FindEntityType(typeof(PartyMember))!.FindProperty("Status")!
                    .GetTypeMapping().Converter!.ConvertToProvider(status) });
                await update.ExecuteNonQueryAsync();
            }
            await using var cmd = _ds.CreateCommand($"SELECT {members.SelectList} FROM party_members m WHERE m.id = 1");
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(status, ((PartyMember)members.Read(reader, 0)!).Status);
        }
        var poverty = new RowShape(db.Model, typeof(Household), "h", ["PovertyStatus"]);
        await using (var cmd = _ds.CreateCommand($"SELECT {poverty.SelectList} FROM households h ORDER BY h.id"))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            var read = new List<PovertyStatus>();
            while (await reader.ReadAsync()) read.Add(((Household)poverty.Read(reader, 0)!).PovertyStatus);
            Assert.Equal([PovertyStatus.LiftedOut, PovertyStatus.None, PovertyStatus.Monitored, PovertyStatus.Poor], read);
        }
    }
}
