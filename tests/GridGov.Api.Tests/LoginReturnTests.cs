using GridGov.Client.Services;

namespace GridGov.Api.Tests;

/// <summary>The viewer's login form returns only to its own pages (client/GridGov.Client/Services/LoginReturn.cs).</summary>
public class LoginReturnTests
{
    [Theory]
    [InlineData("review", "review")]
    [InlineData("village/print?code=520625101001&size=A3", "village/print?code=520625101001&size=A3")]
    [InlineData("coverage?township=520625101000&month=2026-11#x", "coverage?township=520625101000&month=2026-11#x")]
    [InlineData("report?next=https://x.example", "report?next=https://x.example")] // a colon after the page is a value, not a scheme
    public void A_page_of_the_viewer_is_kept(string path, string expected) => Assert.Equal(expected, LoginReturn.Safe(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("login")]
    [InlineData("login?return=review")]
    [InlineData("https://evil.example/review")]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/review")]
    [InlineData("/review")]
    [InlineData("\\\\evil.example")]
    [InlineData("review\\..\\x")]
    [InlineData("review\nx")]
    public void Anything_else_goes_to_the_role_s_own_page(string? path) => Assert.Null(LoginReturn.Safe(path));
}
