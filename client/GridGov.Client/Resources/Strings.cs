namespace GridGov.Client.Resources;

/// <summary>Marker for the UI strings: Strings.resx (Chinese, the neutral language) and Strings.en.resx.</summary>
public sealed class Strings;
