using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <summary>
    /// Every table a tile statement reads announces its changes on the channel gridgov_tiles (statement triggers;
    /// PostgreSQL folds a transaction's equal announcements into one, delivered at commit): servers keep tiles in memory
    /// only while they hear nothing (TileChanges). TileChangeTriggerTests checks, from the tile statements' text, that no
    /// table they read lacks them. coverage_cache announces an update only when what tiles read of it changed: the store
    /// re-scores villages every few minutes, mostly to the same figures, and each announcement makes every tile a server
    /// keeps old.
    /// </summary>
    public partial class TileChangeNotifications : Migration
    {
        private static readonly string[] Tables =
            ["areas", "coverage_epochs", "grid_cells", "households", "links", "declarations", "party_members"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION tiles_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('gridgov_tiles', '');
                    RETURN NULL;
                END $$;
                """);
            foreach (var table in Tables)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER tr_{table}_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed();
                    """);
            // Tiles read a cache row's figures->'figures' and its gap (uncovered), never its as-of, epoch or time of computing.
            migrationBuilder.Sql("""
                CREATE FUNCTION tiles_changed_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.village_code = n.village_code AND o.month = n.month
                               WHERE n.figures->'figures' IS DISTINCT FROM o.figures->'figures'
                                  OR ST_AsEWKB(n.uncovered) IS DISTINCT FROM ST_AsEWKB(o.uncovered)) THEN
                        PERFORM pg_notify('gridgov_tiles', '');
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER tr_coverage_cache_tiles AFTER INSERT OR DELETE OR TRUNCATE ON coverage_cache
                    FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed();
                CREATE TRIGGER tr_coverage_cache_tiles_update AFTER UPDATE ON coverage_cache
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles_changed_coverage();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql($"DROP TRIGGER tr_{table}_tiles ON {table};");
            migrationBuilder.Sql("""
                DROP TRIGGER tr_coverage_cache_tiles ON coverage_cache; DROP TRIGGER tr_coverage_cache_tiles_update ON coverage_cache;
                DROP FUNCTION tiles_changed_coverage(); DROP FUNCTION tiles_changed();
                """);
        }
    }
}
