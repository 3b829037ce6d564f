using GridGov.Domain.Linking;

namespace GridGov.Cli;

/// <summary>
/// gridgov-cli link --in instance.json [--out result.json]; gridgov-cli import KIND FILE [options].
/// Exit codes: 0 done; 2 bad usage or refused input (messages on stderr; nothing written);
/// 1 an unexpected failure (e.g. the output file cannot be written).
/// </summary>
public static class Program
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;

    private const string Usage = "usage: gridgov-cli link --in instance.json [--out result.json]\n" +
                                 "       gridgov-cli import KIND FILE [options]   (gridgov-cli import --help)\n" +
                                 "       gridgov-cli export KIND --area CODE [options]   (gridgov-cli export --help)";

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>The whole CLI, with its streams passed in so tests can run it in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? BadInput : Ok;
        }
        switch (args[0])
        {
            case "link": return RunLink(args, stdout, stderr);
            case "import": return ImportCommand.Run(args[1..], stdout, stderr);
            case "export": return ExportCommand.Run(args[1..], stdout, stderr);
            default:
                stderr.WriteLine($"unknown command \"{args[0]}\"");
                stderr.WriteLine(Usage);
                return BadInput;
        }
    }

    private static int RunLink(string[] args, TextWriter stdout, TextWriter stderr)
    {

        string? input = null, output = null;
        for (var i = 1; i < args.Length; i++)
        {
            var option = args[i];
            if (option is not ("--in" or "--out"))
            {
                stderr.WriteLine($"unknown option \"{option}\"");
                stderr.WriteLine(Usage);
                return BadInput;
            }
            if (i + 1 >= args.Length)
            {
                stderr.WriteLine($"{option} needs a file name");
                return BadInput;
            }
            if (option == "--in") input = args[++i];
            else output = args[++i];
        }
        if (input is null)
        {
            stderr.WriteLine("missing --in");
            stderr.WriteLine(Usage);
            return BadInput;
        }

        string json;
        try
        {
            json = File.ReadAllText(input);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{input}: cannot read: {e.Message}");
            return BadInput;
        }

        var instance = LinkingJson.Read(json, out var errors);
        if (instance is null)
        {
            foreach (var error in errors) stderr.WriteLine(error);
            return BadInput;
        }

        var text = LinkingJson.Write(LinkingEngine.Solve(instance));
        if (output is null)
        {
            stdout.Write(text);
            return Ok;
        }
        try
        {
            File.WriteAllText(output, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            stderr.WriteLine($"{output}: cannot write: {e.Message}");
            return Failure;
        }
        return Ok;
    }
}
