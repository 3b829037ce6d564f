namespace GridGov.Domain.Assessment;

/// <summary>The township's own score (0–100) for a cadre serving in it, one per cadre and quarter; the MANUAL part.</summary>
public class CadreManualScore
{
    public const int MaxNoteLength = 200;

    public long Id { get; set; }
    public long CadreId { get; set; }
    /// <summary>The quarter's first month.</summary>
    public DateOnly Quarter { get; set; }
    public double Score { get; set; }
    public string? Note { get; set; }
    public required string EnteredBy { get; set; }
    public DateTimeOffset EnteredAt { get; set; }

    public static bool ValidScore(double score) => score is >= 0 and <= 100 && !double.IsNaN(score);
}
