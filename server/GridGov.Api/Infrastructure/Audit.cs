using System.Text.Json;
using GridGov.Domain.Access;
using GridGov.Persistence;
using NetTopologySuite.Geometries;

namespace GridGov.Api.Infrastructure;

/// <summary>Audit events go into the same DbContext, so they commit (or not) with the change itself.</summary>
public static class Audit
{
    private static readonly JsonSerializerOptions Options = new(GeoJson.Options) { WriteIndented = false };

    public static void Record(GridGovDbContext db, Caller caller, string action, string entityType, object entityId,
        string areaCode, object? before, object? after)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            At = DateTimeOffset.UtcNow,
            Actor = caller.Actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId.ToString() ?? "",
            AreaCode = areaCode,
            BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Options),
            AfterJson = after is null ? null : JsonSerializer.Serialize(after, Options),
        });
    }

    /// <summary>Geometries in audit snapshots are GeoJSON in storage coordinates.</summary>
    public static object? Geo(Geometry? g) => g is null ? null : JsonSerializer.SerializeToElement(g, GeoJson.Options);
}
