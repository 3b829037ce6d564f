using System.ComponentModel;
using System.Diagnostics;

namespace GridGov.Api.Tests.Field;

/// <summary>GDAL's command-line tools (Debian gdal-bin) as an independent JPEG writer and reader. Missing tools fail, never skip.</summary>
internal static class Gdal
{
    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start"); }
        catch (Win32Exception e) { throw new InvalidOperationException($"{tool} is not installed: apt-get install gdal-bin", e); }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish in a minute");
            }
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
            return stdout.Result;
        }
    }
}
