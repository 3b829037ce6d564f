using GridGov.Domain.Access;

namespace GridGov.Domain.Tests.Access;

public class PasswordHasherTests
{
    [Fact]
    public void Verifies_the_right_password_only()
    {
        var hash = PasswordHasher.Hash("gridgov-demo", iterations: 1000);
        Assert.StartsWith("pbkdf2-sha256$1000$", hash);
        Assert.True(PasswordHasher.Verify("gridgov-demo", hash));
        Assert.False(PasswordHasher.Verify("gridgov-dem0", hash));
    }

    [Fact]
    public void Same_password_gets_a_different_salt_each_time()
    {
        Assert.NotEqual(PasswordHasher.Hash("x", 1000), PasswordHasher.Hash("x", 1000));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("pbkdf2-sha256$abc$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    [InlineData("md5$1$AAAA$AAAA")]
    public void Malformed_hashes_never_verify(string stored)
    {
        Assert.False(PasswordHasher.Verify("x", stored));
    }
}
