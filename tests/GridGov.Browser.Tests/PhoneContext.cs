using Microsoft.Playwright;

namespace GridGov.Browser.Tests;

/// <summary>The phone every field-page test holds: 390×844, Chinese, touch, the page-settle signal installed.</summary>
public static class PhoneContext
{
    /// <param name="at">Where the phone says it is (longitude, latitude, accuracy in metres), with geolocation allowed; none when null.</param>
    public static async Task<IBrowserContext> OpenAsync(ViewerServer server, (double Lon, double Lat, double Accuracy)? at = null)
    {
        var options = new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, Locale = "zh-CN", BaseURL = server.BaseUrl, HasTouch = true,
        };
        if (at is { } p)
        {
            options.Geolocation = new Geolocation { Longitude = (float)p.Lon, Latitude = (float)p.Lat, Accuracy = (float)p.Accuracy };
            options.Permissions = ["geolocation"];
        }
        var context = await server.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(ViewerServer.WaitTimeout);
        await PageSettle.InstallAsync(context);
        return context;
    }
}
