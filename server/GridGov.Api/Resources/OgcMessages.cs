using System.Globalization;
using System.Resources;

namespace GridGov.Api.Resources;

/// <summary>
/// Texts of the /ogc API (pages and errors): OgcMessages.resx (Chinese, neutral) and OgcMessages.en.resx. A file of
/// their own so the OGC feature does not grow Messages.resx; the same rules hold (MessagesTests-like OgcMessagesTests).
/// </summary>
public static class OgcMessages
{
    private static readonly ResourceManager Manager = new(typeof(OgcMessages).FullName!, typeof(OgcMessages).Assembly);

    public static BilingualText Get(string key) => new(Lookup(key, Messages.Chinese), Lookup(key, Messages.English));

    private static string Lookup(string key, CultureInfo culture) =>
        Manager.GetString(key, culture) ?? throw new InvalidOperationException($"No message {key} in Resources/OgcMessages.resx.");

    private static BilingualText Format(string key, params object?[] args)
    {
        var text = Get(key);
        return new(string.Format(CultureInfo.InvariantCulture, text.Zh, args), string.Format(CultureInfo.InvariantCulture, text.En, args));
    }

    public static BilingualText Title => Get("Ogc_Title");
    public static BilingualText Description => Get("Ogc_Description");
    public static BilingualText ApiDefinition => Get("Ogc_ApiDefinition");
    public static BilingualText Collections => Get("Ogc_Collections");
    public static BilingualText Conformance => Get("Ogc_Conformance");
    /// <summary>Title of a collection: Ogc_Households …</summary>
    public static BilingualText CollectionTitle(string id) => Get("Ogc_" + char.ToUpperInvariant(id[0]) + id[1..]);
    public static BilingualText CollectionDescription(string id) => Get("Ogc_" + char.ToUpperInvariant(id[0]) + id[1..] + "Description");
    public static BilingualText Items => Get("Ogc_Items");
    public static BilingualText Matched(long matched, int returned) => Format("Ogc_Matched", matched, returned);
    public static BilingualText Next => Get("Ogc_Next");
    public static BilingualText Prev => Get("Ogc_Prev");
    public static BilingualText AsJson => Get("Ogc_AsJson");
    public static BilingualText Property => Get("Ogc_Property");
    public static BilingualText Value => Get("Ogc_Value");
    public static BilingualText Back => Get("Ogc_Back");
    public static BilingualText CollectionUnknown(string id) => Format("Ogc_CollectionUnknown", id);
    public static BilingualText FeatureIdInvalid(string id) => Format("Ogc_FeatureIdInvalid", id);
    public static BilingualText LimitInvalid(int max) => Format("Ogc_LimitInvalid", max);
    public static BilingualText BBoxInvalid(string bbox) => Format("Ogc_BBoxInvalid", bbox);
    public static BilingualText BBoxOutOfRange => Get("Ogc_BBoxOutOfRange");
    public static BilingualText CrsUnsupported(string crs, string supported) => Format("Ogc_CrsUnsupported", crs, supported);
    public static BilingualText ParameterUnknown(string name, string allowed) => Format("Ogc_ParameterUnknown", name, allowed);
    public static BilingualText ParameterInvalid(string name, string value) => Format("Ogc_ParameterInvalid", name, value);
    public static BilingualText FormatUnsupported(string f) => Format("Ogc_FormatUnsupported", f);
    public static BilingualText CursorConflict => Get("Ogc_CursorConflict");
    public static BilingualText RoleMayNotRead(string id) => Format("Ogc_RoleMayNotRead", id);
    public static BilingualText TileLayerStyle => Get("Ogc_TileLayerStyle");
}
