namespace GridGov.Api.Resources;

/// <summary>
/// One user-facing text in both languages: Chinese (the default) and English. Errors carry both
/// (<c>extensions.zh</c>, <c>extensions.en</c>) whatever the request's culture; see <see cref="Messages"/>.
/// </summary>
public readonly record struct BilingualText(string Zh, string En)
{
    /// <summary>
    /// Both in one line, Chinese first, for the few places that have a single message string:
    /// "…。/ English" after a full stop (it carries its own space), else "… / English".
    /// </summary>
    public string Both => Zh + (Zh.EndsWith('。') ? "/ " : " / ") + En;
}
