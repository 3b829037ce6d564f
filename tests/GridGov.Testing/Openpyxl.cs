using System.Diagnostics;
using System.Text;

namespace GridGov.Testing;

/// <summary>
/// Runs Python with openpyxl: an independent writer of the spreadsheets our reader is tested on, and an
/// independent reader of the ones we write. Debian's python3-openpyxl lives under /usr/bin/python3, which
/// may not be the python3 first on PATH (pyenv), so that one is tried first.
/// </summary>
public static class Openpyxl
{
    static readonly Lazy<string> Python = new(FindPython);

    static string FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, _, _) = Exec(candidate, ["-c", "import openpyxl"], null);
                if (code == 0)
                    return candidate;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }
        throw new InvalidOperationException(
            "These tests need python3 with openpyxl (an independent xlsx writer/reader): apt-get install python3-openpyxl");
    }

    /// <summary>Runs a Python script (openpyxl imported as usual by the script); returns stdout, fails on a non-zero exit.</summary>
    public static string Run(string script, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gridgov-py-{Guid.NewGuid():N}.py");
        File.WriteAllText(file, script, new UTF8Encoding(false));
        try
        {
            var (code, stdout, stderr) = Exec(Python.Value, [file, .. args], null);
            if (code != 0)
                throw new InvalidOperationException($"python exited {code}:\n{stderr}\n--- script ---\n{script}");
            return stdout;
        }
        finally
        {
            File.Delete(file);
        }
    }

    static (int Code, string Stdout, string Stderr) Exec(string exe, IEnumerable<string> args, string? stdin)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin != null,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Writes an xlsx at <paramref name="path"/>: the body gets <c>wb</c> (a new Workbook), <c>ws</c> (its active sheet) and must not save.</summary>
    public static void Write(string path, string body)
    {
        Run($"""
            import sys, datetime
            from openpyxl import Workbook
            from openpyxl.styles import Font
            wb = Workbook()
            ws = wb.active
            {Indent(body)}
            wb.save(sys.argv[1])
            """, path);
    }

    /// <summary>The body's lines with their common indentation removed (it is inserted at column 0).</summary>
    static string Indent(string body)
    {
        var lines = body.Replace("\r", "").Split('\n');
        int common = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Trim().Length == 0 ? "" : l[common..].TrimEnd()));
    }
}

/// <summary>A temporary folder deleted after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("gridgov-tab-").FullName;
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
