namespace GridGov.Import.Files;

/// <summary>
/// A file that cannot be read at all (wrong format, no such sheet, empty, unreadable encoding).
/// <see cref="Code"/> is stable for programs; the message is Chinese, for the person who fixes the file.
/// </summary>
public sealed class ImportFileException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
