using System.Globalization;
using System.Resources;

namespace GridGov.Api.Resources;

/// <summary>
/// Texts of the cadre assessment (ranking, manual scores, closing, escalation, dispatch records): AssessmentMessages.resx
/// (Chinese, neutral) and AssessmentMessages.en.resx; a file of their own so the feature does not grow Messages.resx.
/// </summary>
public static class AssessmentMessages
{
    private static readonly ResourceManager Manager = new(typeof(AssessmentMessages).FullName!, typeof(AssessmentMessages).Assembly);

    public static BilingualText Get(string key) => new(Lookup(key, Messages.Chinese), Lookup(key, Messages.English));

    private static string Lookup(string key, CultureInfo culture) =>
        Manager.GetString("Assessment_" + key, culture) ?? throw new InvalidOperationException($"No message {key} in Resources/AssessmentMessages.resx.");

    private static BilingualText Format(string key, params object?[] args)
    {
        var text = Get(key);
        return new(string.Format(CultureInfo.InvariantCulture, text.Zh, args), string.Format(CultureInfo.InvariantCulture, text.En, args));
    }

    public static BilingualText CadreNotRanked(long id) => Format(nameof(CadreNotRanked), id);
    public static BilingualText ManualScoreInvalid(double score) => Format(nameof(ManualScoreInvalid), score);
    public static BilingualText NoteTooLong(int max) => Format(nameof(NoteTooLong), max);
    public static BilingualText QuarterClosed(string quarter) => Format(nameof(QuarterClosed), quarter);
    public static BilingualText QuarterNotEnded(string quarter) => Format(nameof(QuarterNotEnded), quarter);
    public static BilingualText OnlyTownshipLeader => Get(nameof(OnlyTownshipLeader));
    public static BilingualText OnlyCountyLeader => Get(nameof(OnlyCountyLeader));
    public static BilingualText OnlyCountyAdmin => Get(nameof(OnlyCountyAdmin));
    public static BilingualText WeightsInvalid(int sum) => Format(nameof(WeightsInvalid), sum);
    public static BilingualText DispatchNotesEmpty => Get(nameof(DispatchNotesEmpty));
    public static BilingualText DispatchTextTooLong(int max) => Format(nameof(DispatchTextTooLong), max);
    public static BilingualText DispatchDateInvalid(DateOnly date) => Format(nameof(DispatchDateInvalid), date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    public static BilingualText DispatchCadreNotServing(long id) => Format(nameof(DispatchCadreNotServing), id);
    public static BilingualText DispatchNotTownship(string code) => Format(nameof(DispatchNotTownship), code);
    public static BilingualText OnlyOwnTownship => Get(nameof(OnlyOwnTownship));
    public static BilingualText RankingHidden => Get(nameof(RankingHidden));
}
