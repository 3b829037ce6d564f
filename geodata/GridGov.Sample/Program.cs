using System.Diagnostics;
using GridGov.Sample;

var sw = Stopwatch.StartNew();
var folder = GeodataSource.ResolveFolder(null);
var src = GeodataSource.Load(folder);
var o = new SampleOptions { GeodataFolder = folder };
var (v, t, c) = SampleBuilder.BuildGeography(src, o, Console.WriteLine);
Console.WriteLine($"{v.Count} villages {t.Length} townships area {GridGov.Domain.Geo.CoordinateConverter.ToMetric(c).Area/1e6:F1} km2 in {sw.ElapsedMilliseconds} ms");
