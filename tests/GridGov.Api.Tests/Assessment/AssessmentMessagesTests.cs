using System.Text.RegularExpressions;
using System.Xml.Linq;
using GridGov.Api.Resources;

namespace GridGov.Api.Tests.Assessment;

/// <summary>Resources/AssessmentMessages.resx and its English twin: the same keys and placeholders, Chinese and English, all loadable.</summary>
public partial class AssessmentMessagesTests
{
    private static readonly string Dir = Path.Combine(Testing.RepoRoot.Path, "server", "GridGov.Api", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Dir, file)).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Both_languages_have_every_key_with_the_same_placeholders_and_load()
    {
        var zh = Read("AssessmentMessages.resx");
        var en = Read("AssessmentMessages.en.resx");
        Assert.True(zh.Count >= 10);
        Assert.Equal(zh.Keys.Order(), en.Keys.Order());
        foreach (var (key, text) in zh)
        {
            Assert.StartsWith("Assessment_", key);
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", text);
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en[key]);
            Assert.Equal(Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(), Placeholder().Matches(en[key]).Select(m => m.Value).Distinct().Order());
            var loaded = AssessmentMessages.Get(key["Assessment_".Length..]);
            Assert.Equal(text, loaded.Zh);
            Assert.Equal(en[key], loaded.En);
        }
    }
}
