namespace GridGov.Api.Tests;

/// <summary>
/// A minimal Mapbox Vector Tile reader (protobuf wire format by hand) for tests: layers, features,
/// their geometry type and attributes. Enough to check what ST_AsMVT produced.
/// </summary>
public static class Mvt
{
    public sealed record Feature(ulong? Id, int GeomType, Dictionary<string, object> Attributes, int CommandCount);
    public sealed record Layer(string Name, uint Extent, List<Feature> Features);

    public static List<Layer> Decode(byte[] data)
    {
        var layers = new List<Layer>();
        var r = new Reader(data);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            if (field == 3 && wire == 2) layers.Add(ReadLayer(r.Bytes()));
            else r.Skip(wire);
        }
        return layers;
    }

    private static Layer ReadLayer(byte[] data)
    {
        var r = new Reader(data);
        string name = "";
        uint extent = 4096;
        var keys = new List<string>();
        var values = new List<object>();
        var raw = new List<byte[]>();
        while (!r.End)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: name = System.Text.Encoding.UTF8.GetString(r.Bytes()); break;
                case 2: raw.Add(r.Bytes()); break;
                case 3: keys.Add(System.Text.Encoding.UTF8.GetString(r.Bytes())); break;
                case 4: values.Add(ReadValue(r.Bytes())); break;
                case 5: extent = (uint)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        return new Layer(name, extent, raw.Select(b => ReadFeature(b, keys, values)).ToList());
    }

    private static Feature ReadFeature(byte[] data, List<string> keys, List<object> values)
    {
        var r = new Reader(data);
        ulong? id = null;
        var type = 0;
        var attrs = new Dictionary<string, object>();
        var commands = 0;
        while (!r.End)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: id = r.Varint(); break;
                case 2:
                    var tags = Packed(r.Bytes());
                    for (var i = 0; i + 1 < tags.Count; i += 2) attrs[keys[(int)tags[i]]] = values[(int)tags[i + 1]];
                    break;
                case 3: type = (int)r.Varint(); break;
                case 4: commands = Packed(r.Bytes()).Count; break;
                default: r.Skip(wire); break;
            }
        }
        return new Feature(id, type, attrs, commands);
    }

    private static object ReadValue(byte[] data)
    {
        var r = new Reader(data);
        object v = "";
        while (!r.End)
        {
            var (field, wire) = r.Key();
            v = field switch
            {
                1 => System.Text.Encoding.UTF8.GetString(r.Bytes()),
                2 => (double)BitConverter.ToSingle(r.Fixed(4)),
                3 => BitConverter.ToDouble(r.Fixed(8)),
                4 => (long)r.Varint(),
                5 => (long)r.Varint(),
                6 => ZigZag(r.Varint()),
                7 => r.Varint() != 0,
                _ => Skip(r, wire),
            };
        }
        return v;
    }

    private static object Skip(Reader r, int wire) { r.Skip(wire); return ""; }
    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    private static List<ulong> Packed(byte[] data)
    {
        var r = new Reader(data);
        var list = new List<ulong>();
        while (!r.End) list.Add(r.Varint());
        return list;
    }

    private sealed class Reader(byte[] data)
    {
        private int _pos;
        public bool End => _pos >= data.Length;

        public ulong Varint()
        {
            ulong v = 0;
            for (var shift = 0; ; shift += 7)
            {
                var b = data[_pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return v;
            }
        }

        public (int Field, int Wire) Key()
        {
            var k = Varint();
            return ((int)(k >> 3), (int)(k & 7));
        }

        public byte[] Bytes()
        {
            var n = (int)Varint();
            var b = data.AsSpan(_pos, n).ToArray();
            _pos += n;
            return b;
        }

        public byte[] Fixed(int n)
        {
            var b = data.AsSpan(_pos, n).ToArray();
            _pos += n;
            return b;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _pos += 8; break;
                case 2: _pos += (int)Varint(); break;
                case 5: _pos += 4; break;
                default: throw new InvalidDataException("unsupported wire type " + wire);
            }
        }
    }

    /// <summary>The XYZ tile containing a longitude/latitude (Web Mercator).</summary>
    public static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return (x, y);
    }
}
