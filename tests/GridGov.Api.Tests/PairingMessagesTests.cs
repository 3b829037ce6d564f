using System.Text.RegularExpressions;
using System.Xml.Linq;
using GridGov.Api.Pairing;

namespace GridGov.Api.Tests;

/// <summary>Pairing/PairingMessages.resx and its English twin: the same keys, the same placeholders, all loadable, Chinese in Chinese.</summary>
public partial class PairingMessagesTests
{
    private static readonly string Dir = Path.Combine(Testing.RepoRoot.Path, "server", "GridGov.Api", "Pairing");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Dir, file)).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Both_languages_have_every_key_with_the_same_placeholders_and_load()
    {
        var zh = Read("PairingMessages.resx");
        var en = Read("PairingMessages.en.resx");
        Assert.True(zh.Count >= 10);
        Assert.Equal(zh.Keys.Order(), en.Keys.Order());
        foreach (var (key, text) in zh)
        {
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text);
            Assert.Equal(Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(), Placeholder().Matches(en[key]).Select(m => m.Value).Distinct().Order());
            var loaded = PairingMessages.Get(key);
            Assert.Equal(text, loaded.Zh);
            Assert.Equal(en[key], loaded.En);
        }
        Assert.Contains("64321", PairingMessages.QuotaFull(6, 6, "64321").Zh);
    }
}
