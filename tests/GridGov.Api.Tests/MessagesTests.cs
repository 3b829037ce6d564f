using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GridGov.Api.Resources;
using GridGov.Domain.Geo;
using GridGov.Domain.Links;

namespace GridGov.Api.Tests;

/// <summary>Resources/Messages.resx (Chinese) and Messages.en.resx (English) stay complete and consistent.</summary>
public partial class MessagesTests
{
    private static readonly string Dir = Path.Combine(Testing.RepoRoot.Path, "server", "GridGov.Api", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Dir, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static readonly Dictionary<string, string> Zh = Read("Messages.resx");
    private static readonly Dictionary<string, string> En = Read("Messages.en.resx");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private static SortedSet<int> Placeholders(string text) =>
        [.. Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].Value))];

    [Fact]
    public void Every_chinese_message_has_an_english_one_and_back()
    {
        Assert.NotEmpty(Zh);
        var emptyZh = Zh.Keys.Where(k => string.IsNullOrWhiteSpace(Zh[k])).ToList();
        var noEnglish = Zh.Keys.Where(k => !En.TryGetValue(k, out var en) || string.IsNullOrWhiteSpace(en)).ToList();
        var noChinese = En.Keys.Where(k => !Zh.TryGetValue(k, out var zh) || string.IsNullOrWhiteSpace(zh)).ToList();
        Assert.True(emptyZh.Count == 0, "Empty in Messages.resx: " + string.Join(", ", emptyZh));
        Assert.True(noEnglish.Count == 0, "Missing or empty in Messages.en.resx: " + string.Join(", ", noEnglish));
        Assert.True(noChinese.Count == 0, "Missing or empty in Messages.resx: " + string.Join(", ", noChinese));
    }

    [Fact]
    public void Placeholders_match_between_the_languages()
    {
        var mismatched = Zh.Keys.Where(En.ContainsKey)
            .Where(k => !Placeholders(Zh[k]).SetEquals(Placeholders(En[k])))
            .Select(k => $"{k}: zh {{{string.Join(",", Placeholders(Zh[k]))}}}, en {{{string.Join(",", Placeholders(En[k]))}}}");
        Assert.Empty(mismatched);
    }

    [Fact]
    public void Placeholders_are_numbered_from_zero_without_gaps()
    {
        // string.Format would throw at the call site for {1} without a second argument.
        Assert.Empty(Zh.Where(p => Placeholders(p.Value) is { Count: > 0 } s && s.Max != s.Count - 1).Select(p => p.Key));
    }

    [Fact]
    public void The_built_resources_are_the_files()
    {
        // The neutral resources and the en satellite assembly both load: no silent fallback to Chinese.
        foreach (var (key, zh) in Zh)
        {
            var text = Messages.Get(key);
            Assert.Equal(zh, text.Zh);
            Assert.Equal(En[key], text.En);
        }
    }

    [Fact]
    public void Every_accessor_finds_its_key()
    {
        var members = typeof(Messages).GetMembers(BindingFlags.Public | BindingFlags.Static);
        var sample = new Dictionary<Type, object?>
        {
            [typeof(string)] = "x", [typeof(int)] = 1, [typeof(long)] = 1L, [typeof(double)] = 1.0,
            [typeof(Crs)] = Crs.Epsg4326, [typeof(ProposalStatus)] = ProposalStatus.Open,
            [typeof(BilingualText)] = new BilingualText("字段", "field"),
        };
        var count = 0;
        foreach (var p in members.OfType<PropertyInfo>().Where(p => p.PropertyType == typeof(BilingualText)))
        {
            Assert.False(string.IsNullOrEmpty(((BilingualText)p.GetValue(null)!).En), p.Name);
            count++;
        }
        foreach (var m in members.OfType<MethodInfo>().Where(m => m.ReturnType == typeof(BilingualText) && m.Name != nameof(Messages.Get)))
        {
            // A field label's key is a column's (ColumnLengthsTests resolves every one).
            object?[] args = m.Name == nameof(Messages.FieldLabel) ? ["HeadName"] : [.. m.GetParameters().Select(p => sample[p.ParameterType])];
            var text = (BilingualText)m.Invoke(null, args)!;
            Assert.False(string.IsNullOrEmpty(text.Zh), m.Name);
            count++;
        }
        Assert.True(count > 100, $"only {count} accessors");
    }

    [Theory]
    [InlineData("village", "区划", "520527102201")]
    [InlineData("household", "农户", "7")]
    [InlineData("member", "党员", "7")]
    [InlineData("link", "联系关系", "7")]
    [InlineData("tie", "关系", "7")]
    [InlineData("cell", "网格", "7")]
    [InlineData("declaration", "对象", "7")]
    public void Not_found_names_the_thing_in_each_language(string what, string zh, string id)
    {
        var text = Messages.NotFound(what, id);
        Assert.Equal($"找不到{zh} {id}。", text.Zh);
        Assert.Equal($"No {what} {id}.", text.En);
    }

    [Theory]
    [InlineData(ProposalStatus.Open, "打开")]
    [InlineData(ProposalStatus.Applied, "采纳")]
    [InlineData(ProposalStatus.Discarded, "放弃")]
    [InlineData(ProposalStatus.Stale, "过期")]
    public void A_closed_proposal_says_its_status_in_each_language(ProposalStatus status, string zh)
    {
        var text = Messages.ProposalClosed(status);
        Assert.Equal($"方案已{zh}，不能再操作。", text.Zh);
        Assert.Equal($"The proposal is {status.ToString().ToLowerInvariant()} already.", text.En);
    }

    [Fact]
    public void Texts_in_one_line_keep_their_separators()
    {
        Assert.Equal("服务器内部错误，已记录。/ Internal error; it has been logged.", Messages.InternalError.Both);
        Assert.Equal("无法读取 GeoJSON：bad / Unreadable GeoJSON: bad", Messages.GeoJsonUnreadable("bad").Both);
        Assert.Equal("坐标无法转换到存储坐标系。", Messages.CoordinatesNotConvertible("out of range").Zh);
        Assert.Equal("The coordinates cannot be converted to storage: out of range", Messages.CoordinatesNotConvertible("out of range").En);
        Assert.Equal("瓦片坐标无效：0 ≤ z ≤ 22，0 ≤ x, y < 2^z。", Messages.TileCoordinatesInvalid.Zh);
    }
}
