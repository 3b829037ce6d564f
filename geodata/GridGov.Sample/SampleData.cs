using System.Security.Cryptography;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NpgsqlTypes;

namespace GridGov.Sample;

/// <summary>One column of a table: its SQL name, COPY type and how to read it from a row.</summary>
public sealed record Column<T>(string Name, NpgsqlDbType Type, Func<T, object?> Get);

/// <summary>A table's rows in memory, in load order, with the column mapping used for COPY and the checksum.</summary>
public interface ITable
{
    string Name { get; }
    int Count { get; }
    IReadOnlyList<string> ColumnNames { get; }
    IReadOnlyList<NpgsqlDbType> ColumnTypes { get; }
    /// <summary>Column values of row <paramref name="i"/>, in column order.</summary>
    void Read(int i, object?[] values);
}

public sealed class Table<T>(string name, params Column<T>[] columns) : ITable
{
    public string Name { get; } = name;
    public List<T> Rows { get; } = [];
    public int Count => Rows.Count;
    public IReadOnlyList<Column<T>> Columns { get; } = columns;
    public IReadOnlyList<string> ColumnNames => Columns.Select(c => c.Name).ToList();
    public IReadOnlyList<NpgsqlDbType> ColumnTypes => Columns.Select(c => c.Type).ToList();

    public void Read(int i, object?[] values)
    {
        var row = Rows[i];
        for (var c = 0; c < Columns.Count; c++) values[c] = Columns[c].Get(row);
    }
}

// Rows mirror the schema's columns (snake_case text for enums). Ids are assigned by the builder.
public sealed record AreaRow(string Code, string Level, string Name, string? ParentCode, MultiPolygon? Boundary, Point? KnownPoint,
    string BoundarySource, string? UrbanRuralCode, bool IsDeepPoverty);
public sealed record VillageGroupRow(long Id, string VillageCode, int Number, string Name, Point Centre);
public sealed record BranchRow(long Id, string VillageCode, string Name, long? SecretaryMemberId);
public sealed record CellRow(long Id, string VillageCode, long BranchId, string Name, Polygon Geometry, long? LeaderMemberId, DateTimeOffset CreatedAt);
public sealed record HouseholdRow(long Id, string VillageCode, long GroupId, long? CellId, Point Location, string HeadName, int Size,
    string PovertyStatus, string IdNumber, string Phone, string Address, string HouseholdNo);
public sealed record PersonRow(long Id, string Name, string Gender, int BirthYear, string IdNumber, string Phone, long? HouseholdId);
public sealed record MemberRow(long Id, long PersonId, long BranchId, string VillageCode, Point Home, string Status, int? Capacity, DateOnly JoinedOn);
public sealed record TieRow(long Id, long MemberId, long HouseholdId, string Kind, string Origin, string Relation, string? Note, DateTimeOffset CreatedAt);
public sealed record LinkRow(long Id, long MemberId, long HouseholdId, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo, string Basis,
    bool Locked, double DistanceMeters, string Explanation, string CreatedBy, string? EndedBy, string? EndReason);
public sealed record UserRow(long Id, string Username, string DisplayName, string Role, string AreaCode, long? MemberId, DateTimeOffset CreatedAt,
    long? CadreId = null);
public sealed record DeclarationRow(long Id, long MemberId, long HouseholdId, DateOnly Month, DateOnly WorkDate, string Category, string Text,
    Point? Location, double? AccuracyMeters, string Status, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
public sealed record ReviewRow(long Id, long DeclarationId, long ReviewerUserId, string Outcome, string? Reason, DateTimeOffset At);
public sealed record RatingRow(long Id, long MemberId, DateOnly Month, string Rating, long RatedByUserId, DateTimeOffset At);
public sealed record CadreRow(long Id, long PersonId, string Kind, string VillageCode, DateOnly AssignedFrom, string? Rank = null);
public sealed record CadrePairingRow(long Id, long CadreId, long HouseholdId, string VillageCode, DateTimeOffset ValidFrom);
public sealed record CheckInRow(long Id, long CadreId, DateTimeOffset At, Point Location, double Accuracy, string ReportedCrs,
    bool InsideGeofence, double DistanceMeters, double TrustScore, string TrustReasonsJson);
public sealed record ManualScoreRow(long Id, long CadreId, DateOnly Quarter, double Score, string EnteredBy, DateTimeOffset EnteredAt);
public sealed record WorkLogRow(long Id, long CadreId, string VillageCode, DateOnly Day, string Text, long[] HouseholdIds, DateTimeOffset CreatedAt);

/// <summary>
/// The whole sample county in memory. Names, codes, the county boundary and the known points are
/// real public data; township/village polygons and everything about people are synthetic and
/// marked so (boundary_source / source = 'synthetic').
/// </summary>
public sealed class SampleData
{
    private const NpgsqlDbType Text = NpgsqlDbType.Text, Geo = NpgsqlDbType.Geometry, Big = NpgsqlDbType.Bigint,
        Int = NpgsqlDbType.Integer, Ts = NpgsqlDbType.TimestampTz, Date = NpgsqlDbType.Date, Bool = NpgsqlDbType.Boolean,
        Dbl = NpgsqlDbType.Double;
    private const string Synthetic = "synthetic";

    public required SampleOptions Options { get; init; }
    /// <summary>Where the data came from, for people reading the output.</summary>
    public List<string> Notes { get; } = [];

    public Table<AreaRow> Areas { get; } = new("areas",
        new("code", Text, r => r.Code), new("level", Text, r => r.Level), new("name", Text, r => r.Name),
        new("parent_code", Text, r => r.ParentCode), new("boundary", Geo, r => r.Boundary), new("known_point", Geo, r => r.KnownPoint),
        new("boundary_source", Text, r => r.BoundarySource), new("urban_rural_code", Text, r => r.UrbanRuralCode),
        new("is_deep_poverty", Bool, r => r.IsDeepPoverty));

    /// <summary>Loaded without the secretary (members do not exist yet); the loader sets it afterwards.</summary>
    public Table<BranchRow> Branches { get; } = new("party_branches",
        new("id", Big, r => r.Id), new("village_code", Text, r => r.VillageCode), new("name", Text, r => r.Name),
        new("secretary_member_id", Big, r => r.SecretaryMemberId), new("source", Text, _ => Synthetic));

    public Table<VillageGroupRow> Groups { get; } = new("village_groups",
        new("id", Big, r => r.Id), new("village_code", Text, r => r.VillageCode), new("number", Int, r => r.Number),
        new("name", Text, r => r.Name), new("centre", Geo, r => r.Centre), new("source", Text, _ => Synthetic));

    /// <summary>Loaded without the leader; the loader sets it after the members.</summary>
    public Table<CellRow> Cells { get; } = new("grid_cells",
        new("id", Big, r => r.Id), new("village_code", Text, r => r.VillageCode), new("branch_id", Big, r => r.BranchId),
        new("name", Text, r => r.Name), new("geometry", Geo, r => r.Geometry), new("leader_member_id", Big, r => r.LeaderMemberId),
        new("version", Int, _ => 1), new("created_at", Ts, r => r.CreatedAt), new("updated_at", Ts, r => r.CreatedAt),
        new("source", Text, _ => Synthetic));

    public Table<HouseholdRow> Households { get; } = new("households",
        new("id", Big, r => r.Id), new("village_code", Text, r => r.VillageCode), new("group_id", Big, r => r.GroupId),
        new("cell_id", Big, r => r.CellId), new("location", Geo, r => r.Location), new("head_name", Text, r => r.HeadName),
        new("size", Int, r => r.Size), new("poverty_status", Text, r => r.PovertyStatus), new("id_number", Text, r => r.IdNumber),
        new("phone", Text, r => r.Phone), new("address", Text, r => r.Address), new("household_no", Text, r => r.HouseholdNo),
        new("source", Text, _ => Synthetic));

    public Table<PersonRow> People { get; } = new("people",
        new("id", Big, r => r.Id), new("name", Text, r => r.Name), new("gender", Text, r => r.Gender),
        new("birth_year", Int, r => r.BirthYear), new("id_number", Text, r => r.IdNumber), new("phone", Text, r => r.Phone),
        new("household_id", Big, r => r.HouseholdId), new("source", Text, _ => Synthetic));

    public Table<MemberRow> Members { get; } = new("party_members",
        new("id", Big, r => r.Id), new("person_id", Big, r => r.PersonId), new("branch_id", Big, r => r.BranchId),
        new("village_code", Text, r => r.VillageCode), new("home", Geo, r => r.Home), new("status", Text, r => r.Status),
        new("capacity", Int, r => r.Capacity), new("joined_on", Date, r => r.JoinedOn));

    public Table<TieRow> Ties { get; } = new("ties",
        new("id", Big, r => r.Id), new("member_id", Big, r => r.MemberId), new("household_id", Big, r => r.HouseholdId),
        new("kind", Text, r => r.Kind), new("origin", Text, r => r.Origin), new("relation", Text, r => r.Relation),
        new("note", Text, r => r.Note), new("created_at", Ts, r => r.CreatedAt));

    public Table<LinkRow> Links { get; } = new("links",
        new("id", Big, r => r.Id), new("member_id", Big, r => r.MemberId), new("household_id", Big, r => r.HouseholdId),
        new("valid_from", Ts, r => r.ValidFrom), new("valid_to", Ts, r => r.ValidTo), new("basis", Text, r => r.Basis),
        new("locked", Bool, r => r.Locked), new("distance_meters", Dbl, r => r.DistanceMeters), new("explanation", Text, r => r.Explanation),
        new("created_by", Text, r => r.CreatedBy), new("ended_by", Text, r => r.EndedBy), new("end_reason", Text, r => r.EndReason));

    /// <summary>
    /// password_hash is not part of the rows: the loader hashes the public demo password once at
    /// load time (the hash is salted, so it would make the checksum differ between runs).
    /// </summary>
    public Table<UserRow> Users { get; } = new("users",
        new("id", Big, r => r.Id), new("username", Text, r => r.Username), new("display_name", Text, r => r.DisplayName),
        new("role", Text, r => r.Role), new("area_code", Text, r => r.AreaCode), new("member_id", Big, r => r.MemberId),
        new("disabled", Bool, _ => false), new("is_sample", Bool, _ => true), new("created_at", Ts, r => r.CreatedAt));

    public Table<DeclarationRow> Declarations { get; } = new("declarations",
        new("id", Big, r => r.Id), new("member_id", Big, r => r.MemberId), new("household_id", Big, r => r.HouseholdId),
        new("month", Date, r => r.Month), new("work_date", Date, r => r.WorkDate), new("category", Text, r => r.Category),
        new("text", Text, r => r.Text), new("location", Geo, r => r.Location), new("accuracy_meters", Dbl, r => r.AccuracyMeters),
        new("status", Text, r => r.Status), new("created_at", Ts, r => r.CreatedAt), new("updated_at", Ts, r => r.UpdatedAt));

    public Table<ReviewRow> Reviews { get; } = new("reviews",
        new("id", Big, r => r.Id), new("declaration_id", Big, r => r.DeclarationId), new("reviewer_user_id", Big, r => r.ReviewerUserId),
        new("outcome", Text, r => r.Outcome), new("reason", Text, r => r.Reason), new("at", Ts, r => r.At));

    public Table<RatingRow> Ratings { get; } = new("member_ratings",
        new("id", Big, r => r.Id), new("member_id", Big, r => r.MemberId), new("month", Date, r => r.Month),
        new("rating", Text, r => r.Rating), new("rated_by_user_id", Big, r => r.RatedByUserId), new("at", Ts, r => r.At));

    public Table<CadreRow> Cadres { get; } = new("cadres",
        new("id", Big, r => r.Id), new("person_id", Big, r => r.PersonId), new("kind", Text, r => r.Kind),
        new("village_code", Text, r => r.VillageCode), new("assigned_from", Date, r => r.AssignedFrom), new("assigned_to", Date, _ => null),
        new("rank", Text, r => r.Rank));

    /// <summary>Sample cadre logins (first secretaries): rows of users, loaded after the cadres they point at.</summary>
    public Table<UserRow> CadreUsers { get; } = new("users",
        new("id", Big, r => r.Id), new("username", Text, r => r.Username), new("display_name", Text, r => r.DisplayName),
        new("role", Text, r => r.Role), new("area_code", Text, r => r.AreaCode), new("member_id", Big, r => r.MemberId),
        new("disabled", Bool, _ => false), new("is_sample", Bool, _ => true), new("created_at", Ts, r => r.CreatedAt),
        new("cadre_id", Big, r => r.CadreId));

    /// <summary>结对帮扶 made by the pairing engine (PopulationBuilder.Pairings.cs).</summary>
    public Table<CadrePairingRow> Pairings { get; } = new("cadre_pairings",
        new("id", Big, r => r.Id), new("cadre_id", Big, r => r.CadreId), new("household_id", Big, r => r.HouseholdId),
        new("village_code", Text, r => r.VillageCode), new("valid_from", Ts, r => r.ValidFrom), new("created_by", Text, _ => "sample"));

    public Table<CheckInRow> CheckIns { get; } = new("check_ins",
        new("id", Big, r => r.Id), new("cadre_id", Big, r => r.CadreId), new("at", Ts, r => r.At), new("location", Geo, r => r.Location),
        new("accuracy_meters", Dbl, r => r.Accuracy), new("reported_crs", Text, r => r.ReportedCrs),
        new("inside_geofence", Bool, r => r.InsideGeofence), new("distance_meters", Dbl, r => r.DistanceMeters),
        new("trust_score", Dbl, r => r.TrustScore), new("trust_reasons_json", NpgsqlDbType.Jsonb, r => r.TrustReasonsJson));

    /// <summary>工作信息 of the sample's cadres (PopulationBuilder.CadreWork.cs).</summary>
    public Table<WorkLogRow> WorkLog { get; } = new("work_log_entries",
        new("id", Big, r => r.Id), new("cadre_id", Big, r => r.CadreId), new("village_code", Text, r => r.VillageCode),
        new("day", Date, r => r.Day), new("text", Text, r => r.Text), new("household_ids", NpgsqlDbType.Array | Big, r => r.HouseholdIds),
        new("created_at", Ts, r => r.CreatedAt));

    /// <summary>乡镇评分 of the first secretaries for the last ended quarter (PopulationBuilder.CadreWork.cs).</summary>
    public Table<ManualScoreRow> ManualScores { get; } = new("cadre_manual_scores",
        new("id", Big, r => r.Id), new("cadre_id", Big, r => r.CadreId), new("quarter", Date, r => r.Quarter),
        new("score", Dbl, r => r.Score), new("entered_by", Text, r => r.EnteredBy), new("entered_at", Ts, r => r.EnteredAt));

    /// <summary>Tables in an order that satisfies the foreign keys (with the two deferred columns above; cadre logins are a second users table after the cadres).</summary>
    public IReadOnlyList<ITable> Tables =>
        [Areas, Branches, Groups, Cells, Households, People, Members, Ties, Links, Users, Declarations, Reviews, Ratings, Cadres, CadreUsers, CheckIns, Pairings, WorkLog, ManualScores];

    /// <summary>
    /// SHA-256 over a canonical serialisation of every table (names, columns, values; geometries
    /// as little-endian WKB), so two builds are equal exactly when their checksums are.
    /// </summary>
    public string Checksum()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var wkb = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: false);
        var buf = new MemoryStream();
        var w = new BinaryWriter(buf, Encoding.UTF8);
        foreach (var t in Tables)
        {
            w.Write(t.Name);
            foreach (var c in t.ColumnNames) w.Write(c);
            var values = new object?[t.ColumnNames.Count];
            for (var i = 0; i < t.Count; i++)
            {
                t.Read(i, values);
                foreach (var v in values) WriteValue(w, wkb, v);
                if (buf.Length > 1 << 16) Flush();
            }
        }
        Flush();
        return Convert.ToHexStringLower(hash.GetHashAndReset());

        void Flush()
        {
            w.Flush();
            hash.AppendData(buf.GetBuffer(), 0, (int)buf.Length);
            buf.SetLength(0);
        }
    }

    private static void WriteValue(BinaryWriter w, WKBWriter wkb, object? v)
    {
        switch (v)
        {
            case null: w.Write((byte)0); break;
            case string s: w.Write((byte)1); w.Write(s); break;
            case long l: w.Write((byte)2); w.Write(l); break;
            case int i: w.Write((byte)3); w.Write(i); break;
            case double d: w.Write((byte)4); w.Write(d); break;
            case bool b: w.Write((byte)5); w.Write(b); break;
            case DateOnly d: w.Write((byte)6); w.Write(d.DayNumber); break;
            case DateTimeOffset t: w.Write((byte)7); w.Write(t.UtcTicks); break;
            case long[] a: w.Write((byte)9); w.Write(a.Length); foreach (var x in a) w.Write(x); break;
            case Geometry g: var bytes = wkb.Write(g); w.Write((byte)8); w.Write(bytes.Length); w.Write(bytes); break;
            default: throw new InvalidOperationException("no canonical form for " + v.GetType());
        }
    }

    public string Summary() =>
        string.Join(", ", Tables.Select(t => $"{t.Name} {t.Count:N0}"));
}
