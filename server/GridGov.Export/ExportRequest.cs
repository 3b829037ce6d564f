using GridGov.Domain.Geo;

namespace GridGov.Export;

/// <summary>
/// What the caller may get: everything under <paramref name="AreaCode"/> (county, township or village),
/// personal data in clear only when <paramref name="IncludePersonalData"/>. The API derives both from its one
/// caller rule (Caller.Covers / SeesPersonalData); the CLI is the operator's and sees all.
/// </summary>
public sealed record ExportScope(string AreaCode, bool IncludePersonalData)
{
    /// <summary>Code prefix of everything inside the area: county 6 digits, township 9, village 12.</summary>
    public string Prefix => AreaCode.EndsWith("000000", StringComparison.Ordinal) ? AreaCode[..6]
        : AreaCode.EndsWith("000", StringComparison.Ordinal) ? AreaCode[..9] : AreaCode;
}

/// <summary>One export: kind, scope, format, CRS (null: WGS84 longitude/latitude), month (null: now), CSV encoding.</summary>
public sealed record ExportRequest(ExportKind Kind, ExportScope Scope, ExportFormat Format, CrsSpec? Crs = null, DateOnly? Month = null,
    bool Gbk = false);

/// <summary>What an export wrote: rows (features), the file name offered to the user, and whether personal data is in clear.</summary>
public sealed record ExportResult(int Rows, string FileName, bool IncludedPersonalData);
