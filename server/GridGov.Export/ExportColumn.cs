namespace GridGov.Export;

/// <summary>How a column's values are typed in a file: text stays text (ID numbers, codes), dates are dates.</summary>
public enum ColumnType { Text, Integer, Number, Date }

/// <summary>
/// One column of a kind: <paramref name="Key"/> is the English property name in GIS files (the import key where the
/// kind is importable), <paramref name="Header"/> the Chinese header in spreadsheets (the import template's header, so
/// the file re-imports), <paramref name="ShpName"/> the Shapefile field name (≤ 10 characters; docs/exports.md lists
/// them), <paramref name="Width"/> the spreadsheet column width in characters.
/// </summary>
public sealed record ExportColumn(string Key, string Header, ColumnType Type, string ShpName, double Width)
{
    /// <summary>Personal data (ID numbers, phones): masked unless the caller may see it.</summary>
    public bool Personal { get; init; }

    /// <summary>A number whose every digit matters (coordinates): spreadsheets hold it as text, which Excel keeps exactly.</summary>
    public bool Exact { get; init; }
}
