using System.ComponentModel;
using System.Diagnostics;

namespace GridGov.Import.Tests.Files;

/// <summary>
/// GDAL's command-line tools (Debian gdal-bin), used as an independent writer of the files the
/// importer reads. Missing tools fail the test with the fix, never skip it.
/// </summary>
public static class Ogr
{
    public static string Ogr2Ogr(params string[] args) => Run("ogr2ogr", args);

    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"{tool} did not start");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{tool} is not installed: these tests need GDAL's tools (apt-get install gdal-bin; ./gridgov test installs it).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in 2 minutes");
            }
            if (process.ExitCode != 0)
                throw new InvalidOperationException(
                    $"{tool} {string.Join(' ', args)} failed with exit code {process.ExitCode}: {stderr.Result}");
            return stdout.Result;
        }
    }
}

