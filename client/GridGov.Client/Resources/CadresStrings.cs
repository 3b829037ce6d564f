namespace GridGov.Client.Resources;

/// <summary>Marker for the cadres page's strings: CadresStrings.resx (Chinese, neutral) and CadresStrings.en.resx.</summary>
public sealed class CadresStrings;
