namespace GridGov.Persistence.Sql;

/// <summary>
/// The one statement of "which cell a house is in": the lowest-id cell of its village covering it,
/// or none. Used by the cell editor and by imports (households, cells).
/// </summary>
public static class HouseholdCellSql
{
    /// <summary>Reattaches the households matched by <paramref name="where"/> (a condition on alias h).</summary>
    public static string Reattach(string where) => $"""
        UPDATE households h SET cell_id = (
          SELECT c.id FROM grid_cells c
          WHERE c.village_code = h.village_code AND ST_Covers(c.geometry, h.location)
          ORDER BY c.id LIMIT 1)
        WHERE {where}
        """;
}
