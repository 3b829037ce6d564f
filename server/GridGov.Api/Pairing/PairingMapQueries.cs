using GraphQL;
using GraphQL.Types;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Geo;
using GridGov.Persistence.Pairing;

namespace GridGov.Api.Pairing;

public enum PairingState { Unpaired, NotVisited, Visited }

public sealed class PairingStateEnum : EnumerationGraphType<PairingState>
{
    public PairingStateEnum()
    {
        Name = "PairingState";
        Description = "UNPAIRED: no pairing cadre; NOT_VISITED: paired, not in the cadre's work log for 30 days; VISITED: named there within 30 days.";
    }
}

public sealed class PairingMapFeatureType : ObjectGraphType<PairingMapRow>
{
    public PairingMapFeatureType()
    {
        Name = "PairingMapFeature";
        Description = "A poor household on the 结对帮扶 map layer: the house, its pairing state and cadre.";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        Field(r => r.VillageCode);
        Field<NonNullGraphType<PovertyStatusEnum>>("povertyStatus").Resolve(c => c.Source.Status);
        Field<IdGraphType>("cadreId").Resolve(c => c.Source.CadreId);
        Field<NonNullGraphType<PairingStateEnum>>("state").Resolve(c => PairingMapQueries.StateOf(c.Source));
        Field<NonNullGraphType<GeoJsonGraphType>>("location").Description("The house, GeoJSON in the requested CRS (default EPSG_4326).")
            .Argument<CrsEnumType>("crs")
            .Resolve(c => GeoJson.Write(c.Source.Location, c.GetArgument("crs", Crs.Epsg4326)));
    }
}

/// <summary>The map layer of 结对帮扶, as GeoJSON points through GraphQL (the pairings' access: a cadre sees their own households).</summary>
public sealed class PairingMapQueries : IQueryFields
{
    public const int MaxFeatures = 10000;

    public static PairingState StateOf(PairingMapRow r) =>
        r.CadreId is null ? PairingState.Unpaired : r.VisitedLast30Days ? PairingState.Visited : PairingState.NotVisited;

    public void Add(ObjectGraphType q) =>
        q.Field<NonNullGraphType<ListGraphType<NonNullGraphType<PairingMapFeatureType>>>>("pairingMap")
            .Description($"Poor, lifted-out and monitored households of an area with their pairing state, at most {MaxFeatures}.")
            .Argument<NonNullGraphType<StringGraphType>>("areaCode")
            .ResolveAsync(async ctx =>
            {
                var area = ctx.GetArgument<string>("areaCode");
                var caller = PairingQueries.Reader(ctx, area);
                await using var db = await ctx.DbAsync();
                var rows = await PairingCoverage.MapAsync(db, area, PairingLoader.ChinaToday,
                    caller.Role == Role.Cadre ? caller.CadreId ?? -1 : null, ctx.CancellationToken);
                return rows.Take(MaxFeatures).ToList();
            });
}
