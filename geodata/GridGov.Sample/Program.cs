using System.Diagnostics;
using System.Text.Json;
using GridGov.Sample;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

return await Cli.RunAsync(args);

/// <summary>
/// GridGov.Sample load --connection CS [--if-empty] [--reset] [--households N] [--seed S] [--geodata DIR]
/// GridGov.Sample checksum [--households N] [--seed S] [--geodata DIR]
/// GridGov.Sample build --out areas.geojson [--households N] [--seed S] [--geodata DIR]
/// </summary>
internal static class Cli
{
    private const string Usage =
        "usage: GridGov.Sample load --connection CS [--if-empty] [--reset] [--households N] [--seed S] [--geodata DIR]\n" +
        "       GridGov.Sample checksum [--households N] [--seed S] [--geodata DIR]\n" +
        "       GridGov.Sample build --out areas.geojson [--households N] [--seed S] [--geodata DIR]";

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help") { Console.WriteLine(Usage); return args.Length == 0 ? 2 : 0; }
            var command = args[0];
            var opts = ParseOptions(args.Skip(1).ToArray());
            var sw = Stopwatch.StartNew();
            void Log(string s) => Console.WriteLine($"[{sw.Elapsed.TotalSeconds,6:F1}s] {s}");

            switch (command)
            {
                case "load":
                {
                    var cs = opts.GetValueOrDefault("connection") ?? throw new UsageException("load needs --connection CS");
                    var loadOptions = new LoadOptions { IfEmpty = opts.ContainsKey("if-empty"), Reset = opts.ContainsKey("reset") };
                    // A loaded database needs no geodata: a second `./gridgov up` works without GRIDGOV_GEODATA.
                    if (loadOptions.IfEmpty && !loadOptions.Reset)
                    {
                        await SampleLoader.PrepareDatabaseAsync(cs, Log);
                        if (await SampleLoader.HasAreasAsync(cs))
                        {
                            Log("the database already has areas: skipped loading the sample (--if-empty)");
                            return 0;
                        }
                    }
                    // Check the geodata before spending time on the build.
                    var sample = SampleOptionsFrom(opts);
                    var data = SampleBuilder.Build(sample, Log);
                    var result = await SampleLoader.LoadAsync(cs, data, loadOptions, Log);
                    if (!result.Skipped)
                    {
                        Log($"loaded the Yinjiang sample county (seed {sample.Seed}, as of {sample.AsOf:yyyy-MM}) in {sw.Elapsed.TotalSeconds:F1} s total");
                        foreach (var note in data.Notes) Console.WriteLine("  " + note);
                    }
                    return 0;
                }
                case "checksum":
                {
                    var sample = SampleOptionsFrom(opts);
                    var data = SampleBuilder.Build(sample, opts.ContainsKey("verbose") ? Log : null);
                    Console.WriteLine(data.Checksum());
                    return 0;
                }
                case "build":
                {
                    var output = opts.GetValueOrDefault("out") ?? throw new UsageException("build needs --out FILE");
                    var sample = SampleOptionsFrom(opts);
                    var data = SampleBuilder.Build(sample, Log);
                    var fc = new FeatureCollection();
                    foreach (var a in data.Areas.Rows)
                        fc.Add(new Feature(a.Boundary, new AttributesTable
                        {
                            { "code", a.Code }, { "level", a.Level }, { "name", a.Name }, { "parent_code", a.ParentCode },
                            { "boundary_source", a.BoundarySource }, { "is_deep_poverty", a.IsDeepPoverty },
                        }));
                    var json = new JsonSerializerOptions { Converters = { new GeoJsonConverterFactory() } };
                    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(fc, json));
                    Log($"wrote {data.Areas.Count} areas to {output}; checksum {data.Checksum()}");
                    return 0;
                }
                default:
                    throw new UsageException($"unknown command '{command}'");
            }
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"GridGov.Sample: {ex.Message}\n{Usage}");
            return 2;
        }
        catch (Exception ex) when (ex is GeodataNotFoundException or SampleLoadException)
        {
            Console.Error.WriteLine($"GridGov.Sample: error: {ex.Message}");
            return 1;
        }
    }

    private static SampleOptions SampleOptionsFrom(Dictionary<string, string?> opts)
    {
        var folder = GeodataSource.ResolveFolder(opts.GetValueOrDefault("geodata"));
        var o = new SampleOptions { GeodataFolder = folder };
        if (opts.GetValueOrDefault("seed") is { } s) o = o with { Seed = int.TryParse(s, out var v) ? v : throw new UsageException("--seed needs an integer") };
        if (opts.GetValueOrDefault("households") is { } h)
            o = o with { Households = int.TryParse(h, out var n) && n >= 377 ? n : throw new UsageException("--households needs an integer of at least 377 (one per village)") };
        if (opts.GetValueOrDefault("as-of") is { } a)
            o = o with { AsOf = DateOnly.TryParse(a + "-01", out var d) ? d : throw new UsageException("--as-of needs YYYY-MM") };
        return o;
    }

    private static readonly HashSet<string> Flags = ["if-empty", "reset", "verbose"];

    private static Dictionary<string, string?> ParseOptions(string[] args)
    {
        var d = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"unexpected argument '{args[i]}'");
            var name = args[i][2..];
            if (Flags.Contains(name)) { d[name] = null; continue; }
            if (i + 1 >= args.Length) throw new UsageException($"--{name} needs a value");
            d[name] = args[++i];
        }
        return d;
    }

    private sealed class UsageException(string message) : Exception(message);
}
