using System.Globalization;
using System.Resources;
using GridGov.Api.Resources;

namespace GridGov.Api.Pairing;

/// <summary>
/// Texts of 结对帮扶 (errors): PairingMessages.resx (Chinese, neutral) and PairingMessages.en.resx — a file of their own,
/// as OgcMessages, so the pairing feature does not grow Messages.resx.
/// </summary>
public static class PairingMessages
{
    private static readonly ResourceManager Manager = new(typeof(PairingMessages).FullName!, typeof(PairingMessages).Assembly);

    public static BilingualText Get(string key) => new(Lookup(key, Messages.Chinese), Lookup(key, Messages.English));

    private static string Lookup(string key, CultureInfo culture) =>
        Manager.GetString(key, culture) ?? throw new InvalidOperationException($"No message {key} in Pairing/PairingMessages.resx.");

    private static BilingualText Format(string key, params object?[] args)
    {
        var text = Get(key);
        return new(string.Format(CultureInfo.InvariantCulture, text.Zh, args), string.Format(CultureInfo.InvariantCulture, text.En, args));
    }

    public static BilingualText NotPoor => Get("Pairing_NotPoor");
    public static BilingualText CadreElsewhere => Get("Pairing_CadreElsewhere");
    public static BilingualText QuotaFull(int paired, int quota, string quotas) => Format("Pairing_QuotaFull", paired, quota, quotas);
    public static BilingualText AlreadyPaired => Get("Pairing_AlreadyPaired");
    public static BilingualText NotPaired => Get("Pairing_NotPaired");
    public static BilingualText ProposalNotFound(long id) => Format("Pairing_ProposalNotFound", id);
    public static BilingualText ProposalStale => Get("Pairing_ProposalStale");
    public static BilingualText ProposalClosed => Get("Pairing_ProposalClosed");
    public static BilingualText QuotasInvalid(string got) => Format("Pairing_QuotasInvalid", got);
    public static BilingualText WeightInvalid(string name, double got) => Format("Pairing_WeightInvalid", name, got);
    public static BilingualText HiddenFromMembers => Get("Pairing_HiddenFromMembers");
}
