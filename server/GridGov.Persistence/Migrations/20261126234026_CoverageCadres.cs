using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CoverageCadres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_role",
                table: "users");

            migrationBuilder.AddColumn<long>(
                name: "cadre_id",
                table: "users",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_cadre_id",
                table: "users",
                column: "cadre_id");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_cadre_role",
                table: "users",
                sql: "role <> 'cadre' OR cadre_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_role",
                table: "users",
                sql: "role IN ('county_leader', 'township_leader', 'branch_secretary', 'party_member', 'system', 'cadre')");

            migrationBuilder.AddForeignKey(
                name: "fk_users_cadres_cadre_id",
                table: "users",
                column: "cadre_id",
                principalTable: "cadres",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Coverage cache: one row per village and month, valid while the village's epoch is
            // unchanged. Statement triggers bump the epoch of every village a write touches, so an
            // edit of one cell or link re-scores only its own village (see docs/coverage.md).
            migrationBuilder.Sql("""
                CREATE TABLE coverage_epochs (
                    village_code character(12) PRIMARY KEY REFERENCES areas(code) ON DELETE CASCADE,
                    epoch bigint NOT NULL);
                CREATE TABLE coverage_cache (
                    village_code character(12) NOT NULL REFERENCES areas(code) ON DELETE CASCADE,
                    month date NOT NULL CHECK (EXTRACT(DAY FROM month) = 1),
                    epoch bigint NOT NULL,
                    rules_key text NOT NULL,
                    as_of timestamptz NOT NULL,
                    computed_at timestamptz NOT NULL,
                    figures jsonb NOT NULL,
                    uncovered geometry(Geometry,4326),
                    PRIMARY KEY (village_code, month));
                CREATE INDEX ix_coverage_cache_uncovered ON coverage_cache USING gist (uncovered);

                CREATE FUNCTION coverage_touch(codes text[]) RETURNS void LANGUAGE sql AS $$
                    INSERT INTO coverage_epochs (village_code, epoch)
                    SELECT DISTINCT c, 1 FROM unnest(codes) c WHERE c IS NOT NULL AND c IN (SELECT code FROM areas)
                    ORDER BY 1
                    ON CONFLICT (village_code) DO UPDATE SET epoch = coverage_epochs.epoch + 1
                $$;

                -- Tables with a village_code column.
                CREATE FUNCTION coverage_touch_village() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM coverage_touch(ARRAY(SELECT DISTINCT village_code::text FROM new_rows));
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM coverage_touch(ARRAY(SELECT DISTINCT village_code::text FROM old_rows));
                    END IF;
                    RETURN NULL;
                END $$;

                -- Tables keyed by household (links, declarations).
                CREATE FUNCTION coverage_touch_household() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM coverage_touch(ARRAY(SELECT DISTINCT h.village_code::text FROM new_rows n JOIN households h ON h.id = n.household_id));
                    END IF;
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM coverage_touch(ARRAY(SELECT DISTINCT h.village_code::text FROM old_rows o JOIN households h ON h.id = o.household_id));
                    END IF;
                    RETURN NULL;
                END $$;

                -- A village's own boundary.
                CREATE FUNCTION coverage_touch_area() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM coverage_touch(ARRAY(SELECT n.code::text FROM new_rows n JOIN old_rows o ON o.code = n.code
                                                 WHERE n.level = 'village' AND n.boundary IS DISTINCT FROM o.boundary));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER tr_areas_coverage AFTER UPDATE ON areas
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION coverage_touch_area();
                """);
            foreach (var (table, fn) in new[] { ("grid_cells", "coverage_touch_village"), ("households", "coverage_touch_village"),
                         ("party_members", "coverage_touch_village"), ("links", "coverage_touch_household"), ("declarations", "coverage_touch_household") })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER tr_{table}_coverage_ins AFTER INSERT ON {table}
                        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}();
                    CREATE TRIGGER tr_{table}_coverage_upd AFTER UPDATE ON {table}
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}();
                    CREATE TRIGGER tr_{table}_coverage_del AFTER DELETE ON {table}
                        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {fn}();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

            foreach (var table in new[] { "grid_cells", "households", "party_members", "links", "declarations" })
                migrationBuilder.Sql($"DROP TRIGGER tr_{table}_coverage_ins ON {table}; DROP TRIGGER tr_{table}_coverage_upd ON {table}; DROP TRIGGER tr_{table}_coverage_del ON {table};");
            migrationBuilder.Sql("""
                DROP TRIGGER tr_areas_coverage ON areas;
                DROP FUNCTION coverage_touch_area(); DROP FUNCTION coverage_touch_household(); DROP FUNCTION coverage_touch_village();
                DROP FUNCTION coverage_touch(text[]);
                DROP TABLE coverage_cache; DROP TABLE coverage_epochs;
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_users_cadres_cadre_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_users_cadre_id",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_cadre_role",
                table: "users");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_role",
                table: "users");

            migrationBuilder.DropColumn(
                name: "cadre_id",
                table: "users");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_role",
                table: "users",
                sql: "role IN ('county_leader', 'township_leader', 'branch_secretary', 'party_member', 'system')");
        }
    }
}
