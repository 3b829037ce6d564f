using System.Security.Cryptography;
using System.Text;

namespace GridGov.Domain.Access;

/// <summary>
/// API keys look like <c>gg_PREFIX_SECRET</c>. The prefix finds the row; only SHA-256 of the secret
/// is stored. A fast hash is right here: the secret is 32 random bytes, not a guessable password.
/// </summary>
public static class ApiKeySecret
{
    public const int PrefixLength = 8;

    public static (string Key, string Prefix, string Hash) Create()
    {
        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(PrefixLength / 2));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return ($"gg_{prefix}_{secret}", prefix, HashSecret(secret));
    }

    public static bool TryParse(string key, out string prefix, out string secret)
    {
        prefix = secret = "";
        var parts = key.Trim().Split('_', 3);
        if (parts.Length != 3 || parts[0] != "gg" || parts[1].Length != PrefixLength || parts[2].Length < 20) return false;
        (prefix, secret) = (parts[1], parts[2]);
        return true;
    }

    public static string HashSecret(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Verify(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashSecret(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
