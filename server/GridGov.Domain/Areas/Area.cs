using NetTopologySuite.Geometries;

namespace GridGov.Domain.Areas;

public enum AreaLevel { County, Township, Village }

/// <summary>Where a row's content came from: public data, or made up by the sample builder.</summary>
public enum DataSource { Real, Synthetic, Entered, Imported }

/// <summary>A county, township or village, keyed by its 12-digit statistical code (统计用区划代码).</summary>
public class Area
{
    public required string Code { get; set; }
    public AreaLevel Level { get; set; }
    public required string Name { get; set; }
    public string? ParentCode { get; set; }
    public Area? Parent { get; set; }
    public MultiPolygon? Boundary { get; set; }
    /// <summary>A known centre point (e.g. the geocoded village committee), when one exists.</summary>
    public Point? KnownPoint { get; set; }
    /// <summary>Where the boundary came from; names and codes are always real.</summary>
    public DataSource BoundarySource { get; set; }
    /// <summary>城乡分类代码 (2016 edition where known) — a hint, not 2023 truth.</summary>
    public string? UrbanRuralCode { get; set; }
    /// <summary>深度贫困村.</summary>
    public bool IsDeepPoverty { get; set; }

    public static bool IsValidCode(string? code) =>
        code is { Length: 12 } && code.All(char.IsAsciiDigit);

    /// <summary>Township code of a village or township code (first 9 digits, padded).</summary>
    public static string TownshipCodeOf(string code) => code[..9] + "000";
    public static string CountyCodeOf(string code) => code[..6] + "000000";
}

/// <summary>组 / 自然村: a group inside a village, usually one natural settlement.</summary>
public class VillageGroup
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    public int Number { get; set; }
    public required string Name { get; set; }
    public Point? Centre { get; set; }
    public DataSource Source { get; set; }
}

/// <summary>党支部 — the unit of grid management, one per village.</summary>
public class PartyBranch
{
    public long Id { get; set; }
    public required string VillageCode { get; set; }
    public required string Name { get; set; }
    /// <summary>The member who is 支部书记, when known.</summary>
    public long? SecretaryMemberId { get; set; }
    public DataSource Source { get; set; }
}
