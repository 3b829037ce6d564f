using System.Diagnostics;

namespace GridGov.Browser.Tests;

/// <summary>poppler's own tools (pdfinfo, pdftotext, pdftoppm) read a printed PDF back, independently of the page that made it.</summary>
internal static class Poppler
{
    public static async Task<string> RunAsync(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{tool} failed: {error}");
        return output;
    }
}
