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

    public static BilingualText UsernameTaken(string username) => Format(nameof(UsernameTaken), username);
    public static BilingualText UsernameInvalid(string username) => Format(nameof(UsernameInvalid), username);
    public static BilingualText PostingEndsBeforeStart => Get(nameof(PostingEndsBeforeStart));
    public static BilingualText PostingNotRunning(string village) => Format(nameof(PostingNotRunning), village);
    public static BilingualText PostingAlreadyEnded(string village, DateOnly last) => Format(nameof(PostingAlreadyEnded), village, last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    public static BilingualText NoLogin => Get(nameof(NoLogin));

    /// <summary>The posting rule a new posting breaks (<see cref="Domain.Members.Cadre.ConflictOf"/>), said for the page.</summary>
    public static BilingualText Conflict(Domain.Cadres.PostingConflict conflict, string village) => conflict switch
    {
        Domain.Cadres.PostingConflict.SameVillage => Format("PostingSameVillage", village),
        Domain.Cadres.PostingConflict.OneVillageAtATime => Format("PostingOneVillageAtATime", village),
        _ => throw new ArgumentOutOfRangeException(nameof(conflict)),
    };
}
