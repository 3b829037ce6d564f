using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <summary>
    /// Every table a tile statement reads announces its changes on the channel gridgov_tiles (one statement trigger each;
    /// PostgreSQL folds a transaction's equal announcements into one, delivered at commit): servers keep tiles in memory
    /// only while they hear nothing (TileChanges). TileChangeTriggerTests checks, from the tile statements' plans, that no
    /// table they read lacks the trigger.
    /// </summary>
    public partial class TileChangeNotifications : Migration
    {
        private static readonly string[] Tables =
            ["areas", "coverage_cache", "coverage_epochs", "grid_cells", "households", "links", "declarations", "party_members"];

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
                migrationBuilder.Sql($"DROP TRIGGER tr_{table}_tiles ON {table};");
            migrationBuilder.Sql("DROP FUNCTION tiles_changed();");
        }
    }
}
