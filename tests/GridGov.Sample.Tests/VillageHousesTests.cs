using NetTopologySuite.Geometries;
using House = GridGov.Sample.PopulationBuilder.House;
using VillageHouses = GridGov.Sample.PopulationBuilder.VillageHouses;

namespace GridGov.Sample.Tests;

/// <summary>
/// The sample builder finds ties through an index of the village's houses (so ten times the households is not a hundred
/// times the work); each answer must be the plain reading's, which the builder used before and which is the oracle here:
/// a stable sort of all houses by distance, the list of houses of another surname, a shuffled copy of the kin group.
/// Villages are random, with houses stacked on one spot and on a line (equal distances), clusters and lone houses.
/// </summary>
public class VillageHousesTests
{
    private static readonly string[] Surnames = ["张", "王", "李", "杨", "田"];

    public static TheoryData<int, int> Villages() => new() { { 1, 1 }, { 2, 2 }, { 3, 7 }, { 4, 60 }, { 5, 400 }, { 6, 1500 } };

    private static List<House> Village(int seed, int count)
    {
        var r = new Random(seed);
        var centres = Enumerable.Range(0, 4).Select(_ => new Coordinate(r.NextDouble() * 3000, r.NextDouble() * 3000)).ToArray();
        var houses = new List<House>();
        for (var i = 0; i < count; i++)
        {
            var c = centres[r.Next(centres.Length)];
            var m = (i % 9) switch
            {
                0 => c.Copy(),                                          // several houses on one spot
                1 => new Coordinate(c.X + 10 * (i % 5), c.Y),           // a row: equal distances along it
                2 => new Coordinate(r.NextDouble() * 6000, r.NextDouble() * 500), // scattered far out
                _ => new Coordinate(c.X + Normal(r, 60), c.Y + Normal(r, 60)),
            };
            houses.Add(new House { Index = i, Id = 1000 + i, Group = r.Next(3), Surname = Surnames[r.Next(Surnames.Length)], M = m, Head = "户主" });
        }
        return houses;
    }

    private static double Normal(Random r, double sd) => sd * Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Theory, MemberData(nameof(Villages))]
    public void The_nearest_houses_are_those_of_a_stable_sort_by_distance(int seed, int count)
    {
        var houses = Village(seed, count);
        var index = new VillageHouses(houses);
        foreach (var home in houses)
            foreach (var n in new[] { 1, 2, 3 })
            {
                var plain = houses.Where(h => h != home).OrderBy(h => h.M.Distance(home.M)).Take(n).Select(h => h.Index).ToList();
                Assert.Equal(plain, index.Nearest(home, n));
            }
    }

    [Theory, MemberData(nameof(Villages))]
    public void Houses_of_another_surname_are_counted_and_picked_in_house_order(int seed, int count)
    {
        var houses = Village(seed, count);
        var index = new VillageHouses(houses);
        foreach (var s in Surnames.Append("不在村里的姓"))
        {
            var plain = houses.Where(h => h.Surname != s).Select(h => h.Index).ToList();
            Assert.Equal(plain.Count, index.OtherSurnameCount(s));
            Assert.Equal(plain, Enumerable.Range(0, plain.Count).Select(k => index.OtherSurnameAt(s, k)).ToList());
        }
    }

    [Theory, MemberData(nameof(Villages))]
    public void A_kin_group_is_its_natural_village_and_surname_in_house_order(int seed, int count)
    {
        var houses = Village(seed, count);
        var index = new VillageHouses(houses);
        foreach (var home in houses)
        {
            var (kin, at) = index.KinOf(home);
            Assert.Equal(houses.Where(h => h.Group == home.Group && h.Surname == home.Surname).Select(h => h.Index), kin);
            Assert.Equal(home.Index, kin[at]);
            Assert.True(kin.Length <= index.LargestKinGroup);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(500)]
    public void Shuffling_indices_draws_as_shuffling_the_list_and_leaves_the_same_order(int n)
    {
        var list = Enumerable.Range(0, n).Select(i => "户" + i).ToList();
        var plain = new Rng(42);
        plain.Shuffle(list);
        var indexed = new Rng(42);
        var order = new int[n];
        indexed.ShuffleOrder(order);
        Assert.Equal(list, order.Select(i => "户" + i));
        Assert.Equal(plain.Next(), indexed.Next()); // the same number of draws: the streams go on alike
    }
}
