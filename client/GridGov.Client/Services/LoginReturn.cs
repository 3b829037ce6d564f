using Microsoft.AspNetCore.Components;

namespace GridGov.Client.Services;

/// <summary>
/// A page opened without a session sends the user to the login form with the page it was (<c>login?return=…</c>), and
/// the form sends them back there after logging in: a shared link or a bookmark survives an expired session.
/// </summary>
public static class LoginReturn
{
    /// <summary>To the login form, remembering where the user was.</summary>
    public static void NavigateToLogin(this NavigationManager nav, bool replace = true)
    {
        var here = nav.ToBaseRelativePath(nav.Uri);
        nav.NavigateTo(Safe(here) is { } path ? "login?return=" + Uri.EscapeDataString(path) : "login", replace: replace);
    }

    /// <summary>
    /// The return address if it is a page of this viewer: relative to the viewer's base, no scheme, no host, not the
    /// login form itself. Anything else (<c>https://…</c>, <c>//host</c>, <c>\\host</c>) is refused, so a crafted link
    /// cannot send a user who just typed their password to another site.
    /// </summary>
    public static string? Safe(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Length > 2000) return null;
        if (path[0] is '/' or '\\' || path.Any(char.IsControl)) return null;
        var end = path.IndexOfAny(['/', '?', '#']);
        if ((end < 0 ? path : path[..end]).Contains(':')) return null; // a scheme: https:, javascript:
        if (path.Contains('\\')) return null;
        var page = end < 0 ? path : path[..end];
        return page is "" or "login" ? null : path;
    }
}
