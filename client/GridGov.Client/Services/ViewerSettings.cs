namespace GridGov.Client.Services;

/// <summary>Viewer options from wwwroot/appsettings.json (e.g. Map:XyzUrl for an optional basemap).</summary>
public sealed class ViewerSettings(Microsoft.Extensions.Configuration.IConfiguration config)
{
    public string? XyzUrl => string.IsNullOrWhiteSpace(config["Map:XyzUrl"]) ? null : config["Map:XyzUrl"];
}
