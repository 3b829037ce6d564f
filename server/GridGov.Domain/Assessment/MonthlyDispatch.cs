namespace GridGov.Domain.Assessment;

/// <summary>乡镇党委书记每月调度: the township secretary's monthly meeting with the cadres serving in the township.</summary>
public class MonthlyDispatch
{
    public const int MaxTextLength = 2000;

    public long Id { get; set; }
    public required string TownshipCode { get; set; }
    /// <summary>The China date of the meeting; its month is the record's month.</summary>
    public DateOnly Date { get; set; }
    /// <summary>Cadres present (ids of cadres serving in the township on that date).</summary>
    public long[] CadreIds { get; set; } = [];
    public required string Notes { get; set; }
    /// <summary>Follow-ups (督办事项), one per line.</summary>
    public string? FollowUps { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
