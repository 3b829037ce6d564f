using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGov.Import;

/// <summary>
/// One problem with the input. <see cref="Row"/> is the row as the spreadsheet shows it (header =
/// row 1) or the feature's 1-based index in a GIS file; 0 for the file as a whole.
/// </summary>
public sealed record ImportIssue(int Row, string? Column, string? Value, string Code, string Message);

/// <summary>
/// A feature a dry run would add or change: the file's row (or feature index), "new" or "changed", a label
/// (household head, area code, cell name) and the geometry as GeoJSON in storage coordinates (EPSG:4326).
/// </summary>
public sealed record PreviewFeature(int Row, string Status, string? Label, string GeoJson);

public sealed class ImportCounts
{
    public int New { get; set; }
    public int Changed { get; set; }
    public int Unchanged { get; set; }
    public int Refused { get; set; }
    /// <summary>With --replace: households ended (注销) or members set to 转出 because the full roster does not list them.</summary>
    public int Ended { get; set; }
}

/// <summary>
/// What an import did or would do. Written as JSON by `--report` and by the API:
/// {"kind","counts":{"new","changed","unchanged","refused"},"errors":[…],"warnings":[…], …}.
/// </summary>
public sealed class ImportReport
{
    /// <summary>Errors and warnings kept in the report; a million bad rows are counted, not all listed.</summary>
    public const int MaxIssues = 10_000;

    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public string? Sha256 { get; set; }
    public string? CountyCode { get; set; }
    public bool DryRun { get; init; }
    /// <summary>True when the changes are in the database (a real run without errors).</summary>
    public bool Committed { get; set; }
    public long? RunId { get; set; }
    /// <summary>The CRS the coordinates were read in, when the file has any.</summary>
    public string? Crs { get; set; }
    public int Total { get; set; }
    public ImportCounts Counts { get; } = new();
    public List<ImportIssue> Errors { get; } = [];
    public List<ImportIssue> Warnings { get; } = [];
    public int ErrorCount { get; private set; }
    public int WarningCount { get; private set; }
    /// <summary>Headers that match no column of this kind: ignored, listed so a typo is noticed.</summary>
    public List<string> UnknownColumns { get; } = [];
    public double Seconds { get; set; }
    /// <summary>What a dry run would add or change, for a map (see <see cref="ImportRequest.PreviewLimit"/>); not in the JSON report.</summary>
    [JsonIgnore] public List<PreviewFeature> Preview { get; } = [];
    /// <summary>True when more features would change than <see cref="Preview"/> holds.</summary>
    [JsonIgnore] public bool PreviewTruncated { get; set; }

    [JsonIgnore] public bool HasErrors => ErrorCount > 0;

    public void Error(int row, string? column, string? value, string code, string message)
    {
        ErrorCount++;
        if (Errors.Count < MaxIssues) Errors.Add(new ImportIssue(row, column, value, code, message));
    }

    public void Warn(int row, string? column, string? value, string code, string message)
    {
        WarningCount++;
        if (Warnings.Count < MaxIssues) Warnings.Add(new ImportIssue(row, column, value, code, message));
    }

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
