using System.Globalization;
using GridGov.Api.Resources;

namespace GridGov.Api.Exports;

/// <summary>The export endpoint's messages (keys Export* in Resources/Messages.resx and Messages.en.resx).</summary>
public static class ExportMessages
{
    private static BilingualText Format(string key, params object[] args)
    {
        var text = Messages.Get(key);
        return new(string.Format(CultureInfo.CurrentCulture, text.Zh, args), string.Format(CultureInfo.CurrentCulture, text.En, args));
    }

    public static BilingualText KindUnknown(string kind, string kinds) => Format("ExportKindUnknown", kind, kinds);
    public static BilingualText KindForbidden(string kind) => Format("ExportKindForbidden", kind);
    public static BilingualText AreaMissing => Messages.Get("ExportAreaMissing");
    public static BilingualText AreaInvalid(string area) => Format("ExportAreaInvalid", area);
    public static BilingualText AreaUnknown(string area) => Format("ExportAreaUnknown", area);
    public static BilingualText FormatUnknown(string format) => Format("ExportFormatUnknown", format);
    public static BilingualText CrsUnknown(string crs) => Format("ExportCrsUnknown", crs);
    public static BilingualText CrsNotForFormat(string crs, string format) => Format("ExportCrsNotForFormat", crs, format);
    public static BilingualText MonthInvalid(string month) => Format("ExportMonthInvalid", month);
    public static BilingualText QuarterInvalid(string quarter) => Format("ExportQuarterInvalid", quarter);
    public static BilingualText EncodingUnknown(string encoding) => Format("ExportEncodingUnknown", encoding);
}
