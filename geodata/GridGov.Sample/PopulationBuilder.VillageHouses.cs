namespace GridGov.Sample;

internal sealed partial class PopulationBuilder
{
    /// <summary>
    /// One village's houses indexed for <see cref="BuildTies"/>: by natural village and surname, by surname, and on a
    /// square grid for the nearest houses. Houses are named by their <see cref="House.Index"/>; every list is in house order.
    /// </summary>
    internal sealed class VillageHouses
    {
        private readonly List<House> _houses;
        private readonly Dictionary<(int Group, string Surname), int[]> _kin;
        private readonly Dictionary<string, int[]> _bySurname;
        private readonly double _minX, _minY, _cell;
        private readonly int _cols, _rows;
        private readonly int[] _cellStart; // CSR: the houses of grid cell c are _cellHouses[_cellStart[c] .. _cellStart[c + 1]]
        private readonly int[] _cellHouses;

        public VillageHouses(List<House> houses)
        {
            _houses = houses;
            _kin = houses.GroupBy(h => (h.Group, h.Surname)).ToDictionary(g => g.Key, g => g.Select(h => h.Index).ToArray());
            _bySurname = houses.GroupBy(h => h.Surname, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(h => h.Index).ToArray(), StringComparer.Ordinal);
            LargestKinGroup = _kin.Count == 0 ? 0 : _kin.Values.Max(k => k.Length);

            // About two houses a grid cell on average over the houses' bounding box.
            _minX = houses.Count == 0 ? 0 : houses.Min(h => h.M.X);
            _minY = houses.Count == 0 ? 0 : houses.Min(h => h.M.Y);
            var width = houses.Count == 0 ? 0 : houses.Max(h => h.M.X) - _minX;
            var height = houses.Count == 0 ? 0 : houses.Max(h => h.M.Y) - _minY;
            _cell = Math.Max(1.0, Math.Sqrt(Math.Max(width, 1) * Math.Max(height, 1) / Math.Max(1, houses.Count / 2)));
            _cols = (int)(width / _cell) + 1;
            _rows = (int)(height / _cell) + 1;
            _cellStart = new int[_cols * _rows + 1];
            var cellOf = new int[houses.Count];
            foreach (var h in houses) _cellStart[(cellOf[h.Index] = CellOf(h)) + 1]++;
            for (var c = 0; c < _cols * _rows; c++) _cellStart[c + 1] += _cellStart[c];
            _cellHouses = new int[houses.Count];
            var fill = _cellStart[..^1];
            foreach (var h in houses) _cellHouses[fill[cellOf[h.Index]]++] = h.Index;
        }

        public int LargestKinGroup { get; }

        /// <summary>The houses of the house's natural village and surname (its own among them), and where its own is.</summary>
        public (int[] Kin, int HomeAt) KinOf(House home)
        {
            var kin = _kin[(home.Group, home.Surname)];
            return (kin, Array.BinarySearch(kin, home.Index));
        }

        /// <summary>How many of the village's houses have another surname than <paramref name="surname"/>.</summary>
        public int OtherSurnameCount(string surname) => _houses.Count - _bySurname.GetValueOrDefault(surname, []).Length;

        /// <summary>The <paramref name="k"/>-th (from 0, in house order) of the houses with another surname.</summary>
        public int OtherSurnameAt(string surname, int k)
        {
            // Before same[i] lie same[i] − i houses of another surname; count the same-surname houses before the answer.
            var same = _bySurname.GetValueOrDefault(surname, []);
            int lo = 0, hi = same.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (same[mid] - mid <= k) lo = mid + 1; else hi = mid;
            }
            return k + lo;
        }

        /// <summary>
        /// The <paramref name="count"/> houses nearest to <paramref name="home"/> (not itself), nearest first, equal
        /// distances in house order: what a stable sort of all the village's houses by distance would put first.
        /// </summary>
        public List<int> Nearest(House home, int count)
        {
            var best = new List<(double D, int H)>(count + 1);
            var (hx, hy) = (ColumnOf(home), RowOf(home));
            for (var r = 0; ; r++)
            {
                // Ring r: the cells exactly r columns or r rows away (on either axis) from the home's.
                for (var y = hy - r; y <= hy + r; y++)
                {
                    if (y == hy - r || y == hy + r)
                        for (var x = hx - r; x <= hx + r; x++) Visit(x, y);
                    else
                    {
                        Visit(hx - r, y);
                        if (r > 0) Visit(hx + r, y);
                    }
                }
                // A house outside rings 0..r is more than r cells away on one axis; a metre of margin for rounding.
                var done = best.Count == count && best[^1].D < r * _cell - 1;
                var everything = hx - r <= 0 && hy - r <= 0 && hx + r >= _cols - 1 && hy + r >= _rows - 1;
                if (done || everything) return best.ConvertAll(b => b.H);
            }

            void Visit(int x, int y)
            {
                if (x < 0 || y < 0 || x >= _cols || y >= _rows) return;
                var c = y * _cols + x;
                for (var i = _cellStart[c]; i < _cellStart[c + 1]; i++)
                {
                    var h = _cellHouses[i];
                    if (h == home.Index) continue;
                    var d = _houses[h].M.Distance(home.M);
                    var at = best.Count;
                    while (at > 0 && (best[at - 1].D > d || (best[at - 1].D == d && best[at - 1].H > h))) at--;
                    if (at >= count) continue;
                    best.Insert(at, (d, h));
                    if (best.Count > count) best.RemoveAt(count);
                }
            }
        }

        private int ColumnOf(House h) => Math.Min(_cols - 1, (int)((h.M.X - _minX) / _cell));
        private int RowOf(House h) => Math.Min(_rows - 1, (int)((h.M.Y - _minY) / _cell));
        private int CellOf(House h) => RowOf(h) * _cols + ColumnOf(h);
    }
}
