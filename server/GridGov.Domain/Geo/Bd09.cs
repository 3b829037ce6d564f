namespace GridGov.Domain.Geo;

/// <summary>
/// BD-09 (Baidu) ⇄ GCJ-02 ⇄ WGS84. BD-09 is GCJ-02 with Baidu's own offset on top (the published
/// formula); like GCJ-02 it has no exact closed-form inverse, so the inverse starts from the usual
/// approximate formula and corrects it by fixed-point iteration on the forward residual.
/// </summary>
public static class Bd09
{
    private const double XPi = Math.PI * 3000.0 / 180.0;

    public static (double Lon, double Lat) FromGcj02(double lon, double lat)
    {
        double z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * XPi);
        double theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * XPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    public static (double Lon, double Lat) ToGcj02(double lon, double lat)
    {
        // The approximate inverse everyone copies is off by up to ~0.5 m; iterate it away.
        double x = lon - 0.0065, y = lat - 0.006;
        double z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * XPi);
        double theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * XPi);
        double gLon = z * Math.Cos(theta), gLat = z * Math.Sin(theta);
        for (var i = 0; i < 30; i++)
        {
            var (bLon, bLat) = FromGcj02(gLon, gLat);
            double eLon = bLon - lon, eLat = bLat - lat;
            gLon -= eLon;
            gLat -= eLat;
            if (Math.Abs(eLon) < 1e-10 && Math.Abs(eLat) < 1e-10) break;
        }
        return (gLon, gLat);
    }

    public static (double Lon, double Lat) FromWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Gcj02.FromWgs84(lon, lat);
        return FromGcj02(gLon, gLat);
    }

    public static (double Lon, double Lat) ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = ToGcj02(lon, lat);
        return Gcj02.ToWgs84(gLon, gLat);
    }
}
