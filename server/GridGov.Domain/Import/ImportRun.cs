namespace GridGov.Domain.Import;

public enum ImportState { Running, Done, Refused, Failed }

/// <summary>
/// One import of one file: who, which file (name and SHA-256), what it counted. Written when the
/// import commits (a refused or dry run leaves no row: nothing changed); its id is in the audit events.
/// </summary>
public class ImportRun
{
    public long Id { get; set; }
    public ImportKind Kind { get; set; }
    public required string CountyCode { get; set; }
    public required string FileName { get; set; }
    public required string Sha256 { get; set; }
    public required string Actor { get; set; }
    public ImportState State { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Total { get; set; }
    public int New { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int Refused { get; set; }
    /// <summary>The report (counts, errors, warnings) as JSON.</summary>
    public string? ReportJson { get; set; }
}
