using System.Globalization;
using System.Resources;

namespace GridGov.Api.Resources;

/// <summary>
/// Texts of cadre postings and the county's cadre roster: CadreMessages.resx (Chinese, neutral) and CadreMessages.en.resx;
/// a file of their own so the feature does not grow Messages.resx.
/// </summary>
public static class CadreMessages
{
    private static readonly ResourceManager Manager = new(typeof(CadreMessages).FullName!, typeof(CadreMessages).Assembly);

    public static BilingualText Get(string key) => new(Lookup(key, Messages.Chinese), Lookup(key, Messages.English));

    private static string Lookup(string key, CultureInfo culture) =>
        Manager.GetString("Cadre_" + key, culture) ?? throw new InvalidOperationException($"No message {key} in Resources/CadreMessages.resx.");

    private static BilingualText Format(string key, params object?[] args)
    {
        var text = Get(key);
        return new(string.Format(CultureInfo.InvariantCulture, text.Zh, args), string.Format(CultureInfo.InvariantCulture, text.En, args));
    }

    public static BilingualText WorkLogTwoVillages => Get(nameof(WorkLogTwoVillages));
}
