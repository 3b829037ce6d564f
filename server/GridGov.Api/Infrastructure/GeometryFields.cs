using GraphQL;
using GraphQL.Types;
using GridGov.Domain.Geo;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Infrastructure;

public static class GeometryFields
{
    /// <summary>Adds `geometry(crs)` and `bbox(crs)`: every spatial object exposes both the same way.</summary>
    public static void AddGeometry<T>(this ObjectGraphType<T> type, Func<T, Geometry?> get, string description)
    {
        type.Field<GeoJsonGraphType>("geometry")
            .Description(description + " GeoJSON in the requested CRS (default EPSG_4326).")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .Resolve(ctx => get(ctx.Source) is { } g ? GeoJson.Write(g, ctx.GetArgument("crs", Crs.Epsg4326)) : null);
        type.Field<ListGraphType<NonNullGraphType<FloatGraphType>>>("bbox")
            .Description("[minX, minY, maxX, maxY] in the requested CRS.")
            .Argument<CrsEnumType>("crs", a => a.DefaultValue = Crs.Epsg4326)
            .Resolve(ctx => get(ctx.Source) is { } g ? GeoJson.BBox(g, ctx.GetArgument("crs", Crs.Epsg4326)) : null);
    }
}
