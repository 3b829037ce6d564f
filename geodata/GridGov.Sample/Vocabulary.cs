namespace GridGov.Sample;

/// <summary>Word lists for the synthetic population (all made up; only the style follows the region).</summary>
internal static class Vocabulary
{
    /// <summary>Common surnames of Yinjiang's Tujia, Miao and Han lineages, with rough weights.</summary>
    public static readonly (string Name, double Weight)[] Surnames =
    [
        ("田", 14), ("杨", 10), ("张", 8), ("冉", 7), ("李", 6), ("王", 6), ("吴", 5), ("龙", 5), ("石", 4), ("彭", 4),
        ("向", 4), ("严", 3), ("何", 3), ("陈", 3), ("刘", 3), ("任", 3), ("黄", 2), ("周", 2), ("罗", 2), ("谢", 2),
        ("安", 2), ("蔡", 1.5), ("徐", 1.5), ("胡", 1.5), ("唐", 1.5), ("杜", 1), ("邓", 1), ("肖", 1), ("梁", 1), ("付", 1),
        ("舒", 1), ("简", 1), ("文", 1), ("雷", 1), ("秦", 1),
    ];

    public static readonly string[] MaleChars =
    [
        "明", "国", "建", "文", "学", "志", "永", "世", "光", "德", "正", "昌", "华", "兴", "成", "海", "军", "平", "勇", "林",
        "波", "强", "福", "贵", "发", "富", "荣", "祥", "顺", "洪", "刚", "伟", "鹏", "云", "松", "江", "超", "俊", "辉", "忠",
        "银", "金", "胜", "红", "军", "开", "远", "仁", "义", "友",
    ];

    public static readonly string[] FemaleChars =
    [
        "秀", "英", "芳", "兰", "梅", "琴", "霞", "燕", "丽", "萍", "红", "桂", "玉", "翠", "香", "春", "珍", "凤", "莲", "娟",
        "敏", "静", "婷", "艳", "菊", "花", "群", "美", "慧", "琼",
    ];

    public static readonly string[] NaturalVillageSuffixes =
        ["寨", "湾", "坳", "沟", "坪", "院子", "岭", "坝", "堡", "山", "溪", "垭", "岩", "槽", "冲"];

    public static readonly string[] NaturalVillagePrefixes =
        ["上", "下", "大", "小", "新", "老", "中", "高", "后", "前", "茶", "枫香", "桐子", "竹", "水井", "岩脚", "杉木", "田坝"];

    public static readonly string[] BloodRelations = ["堂兄", "堂弟", "叔叔", "伯父", "侄子", "兄弟", "父子", "堂叔", "族兄", "叔侄"];
    public static readonly string[] MarriageRelations = ["岳父", "姐夫", "舅舅", "姑父", "妹夫", "连襟", "亲家", "表哥", "女婿", "舅子"];
    public static readonly string[] SocialRelations = ["邻居", "朋友", "同学", "老战友", "同组村民", "结对帮扶户"];

    public static readonly string[] LinkEndReasons = ["党员外出务工", "调整联系户", "网格调整", "党员年老体弱", "农户搬迁后重新联系"];

    public static readonly (string Category, double Weight, string[] Texts)[] DeclarationTexts =
    [
        ("visit", 35, [
            "走访{head}家，了解家庭生产生活情况，询问身体状况。",
            "到{head}家走访，帮助检查房屋安全和用电情况。",
            "看望{head}家老人，了解就医和吃药情况。",
            "走访{head}家，了解子女上学和外出务工情况。",
        ]),
        ("policy", 25, [
            "向{head}家宣传城乡居民医疗保险缴费政策。",
            "给{head}讲解防返贫监测和帮扶政策。",
            "向{head}家宣传耕地保护和森林防火要求。",
            "帮{head}家了解产业奖补和小额信贷政策。",
        ]),
        ("education", 15, [
            "和{head}交流学习党的惠民政策，宣传移风易俗、红白事简办。",
            "组织{head}家参加院坝会，学习村规民约。",
            "给{head}家讲解防范电信诈骗知识。",
        ]),
        ("industry", 15, [
            "帮{head}家联系茶叶收购，指导茶园管护。",
            "协助{head}家申报食用菌种植补助。",
            "为{head}家提供生猪养殖防疫技术指导。",
            "帮{head}联系县城务工岗位。",
        ]),
        ("mediation", 10, [
            "调解{head}家与邻居的宅基地界址纠纷，双方达成一致。",
            "协调{head}家与邻户的用水矛盾。",
            "化解{head}家兄弟之间的赡养老人分歧。",
        ]),
    ];

    public static readonly string[] ReturnReasons =
    [
        "内容过于简单，请补充具体做了什么。",
        "定位与农户住址不符，请核实。",
        "同一事项本月已申报，请勿重复。",
        "请补充走访照片或群众签字。",
    ];

    public static readonly string[] PhonePrefixes = ["139", "138", "151", "152", "158", "182", "187", "135", "136", "150", "177", "180", "189", "133", "153", "198"];
}
