namespace GridGov.Sample;

/// <summary>
/// Seeded randomness. Every stage and every village gets its own stream derived from the seed,
/// so a change in one stage does not reshuffle the others and the output is repeatable.
/// </summary>
internal sealed class Rng(int seed)
{
    private readonly Random _r = new(seed);

    public static Rng For(int seed, string stage, int index = 0)
    {
        // FNV-1a over the stage name: string.GetHashCode is randomised per process.
        var h = 2166136261u;
        foreach (var ch in stage) h = (h ^ ch) * 16777619u;
        h = (h ^ (uint)index) * 16777619u;
        h = (h ^ (uint)seed) * 16777619u;
        return new Rng((int)(h & 0x7fffffff));
    }

    public double Next() => _r.NextDouble();
    public int Int(int maxExclusive) => _r.Next(maxExclusive);
    public int Int(int min, int maxInclusive) => _r.Next(min, maxInclusive + 1);
    public double Range(double min, double max) => min + (max - min) * _r.NextDouble();
    public bool Chance(double p) => _r.NextDouble() < p;
    public T Pick<T>(IReadOnlyList<T> items) => items[_r.Next(items.Count)];

    public double Normal(double sd)
    {
        var u1 = 1.0 - _r.NextDouble();
        var u2 = _r.NextDouble();
        return sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights) total += w;
        var x = _r.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            x -= weights[i];
            if (x < 0) return i;
        }
        return weights.Count - 1;
    }

    public void Shuffle<T>(IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _r.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>
    /// The order <see cref="Shuffle{T}"/> would leave a list of <c>order.Length</c> items in (order[i] = the index of the
    /// item that ends up at i), with the same draws: lets a caller shuffle indices into a list it does not copy.
    /// </summary>
    public void ShuffleOrder(Span<int> order)
    {
        for (var i = 0; i < order.Length; i++) order[i] = i;
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = _r.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
