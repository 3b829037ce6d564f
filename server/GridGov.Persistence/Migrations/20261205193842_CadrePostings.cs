using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CadrePostings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_cadres_kind",
                table: "cadres");

            migrationBuilder.CreateTable(
                name: "cadre_postings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    from_day = table.Column<DateOnly>(type: "date", nullable: false),
                    to_day = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_postings", x => x.id);
                    table.CheckConstraint("ck_cadre_postings_period", "to_day IS NULL OR to_day >= from_day");
                    table.ForeignKey(
                        name: "fk_cadre_postings_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cadre_postings_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_cadres_kind",
                table: "cadres",
                sql: "kind IN ('first_secretary', 'resident_cadre', 'team_leader', 'liaison_cadre')");

            migrationBuilder.CreateIndex(
                name: "ix_cadre_postings_cadre_id",
                table: "cadre_postings",
                column: "cadre_id");

            migrationBuilder.CreateIndex(
                name: "ix_cadre_postings_village_code_from_day",
                table: "cadre_postings",
                columns: new[] { "village_code", "from_day" });

            // Each cadre's village so far becomes its first posting (existing data kept).
            migrationBuilder.Sql("""
                INSERT INTO cadre_postings (cadre_id, village_code, from_day, to_day)
                SELECT id, village_code, assigned_from, assigned_to FROM cadres;
                """);
            // A cadre row written without postings (the sample's COPY, older SQL) gets its first posting from its own
            // columns at commit; one written with postings (the domain's Cadre.PostedTo) is left as it is.
            migrationBuilder.Sql("""
                CREATE FUNCTION cadres_first_posting() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM cadres WHERE id = NEW.id)
                       AND NOT EXISTS (SELECT 1 FROM cadre_postings WHERE cadre_id = NEW.id) THEN
                        INSERT INTO cadre_postings (cadre_id, village_code, from_day, to_day)
                        VALUES (NEW.id, NEW.village_code, NEW.assigned_from, NEW.assigned_to);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE CONSTRAINT TRIGGER tr_cadres_first_posting AFTER INSERT ON cadres
                    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cadres_first_posting();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER tr_cadres_first_posting ON cadres; DROP FUNCTION cadres_first_posting();");
            migrationBuilder.DropTable(
                name: "cadre_postings");

            migrationBuilder.DropCheckConstraint(
                name: "ck_cadres_kind",
                table: "cadres");

            migrationBuilder.AddCheckConstraint(
                name: "ck_cadres_kind",
                table: "cadres",
                sql: "kind IN ('first_secretary', 'resident_cadre')");
        }
    }
}
