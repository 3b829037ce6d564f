namespace GridGov.Domain.Assessment;

/// <summary>
/// A quarter the county has closed (考核定档): its township and cadre rankings are kept as they stood, manual scores can no
/// longer change, and the escalation and promotion lists read these kept results.
/// </summary>
public class ClosedQuarter
{
    public required string CountyCode { get; set; }
    public DateOnly Quarter { get; set; }
    public required string ClosedBy { get; set; }
    public DateTimeOffset ClosedAt { get; set; }
}

/// <summary>A township's kept place in a closed quarter; <see cref="Poor"/> is the grade 「差」 (the bottom five).</summary>
public class TownshipQuarterResult
{
    public required string CountyCode { get; set; }
    public DateOnly Quarter { get; set; }
    public required string TownshipCode { get; set; }
    public int Rank { get; set; }
    public double Score { get; set; }
    public bool Poor { get; set; }
}

/// <summary>A cadre's kept place and grade in a closed quarter.</summary>
public class CadreQuarterResult
{
    public required string CountyCode { get; set; }
    public DateOnly Quarter { get; set; }
    public long CadreId { get; set; }
    public int Rank { get; set; }
    public double Score { get; set; }
    public CadreGrade Grade { get; set; }
}
