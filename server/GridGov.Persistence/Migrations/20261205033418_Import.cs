using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Import : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_users_role",
                table: "users");

            migrationBuilder.AddColumn<bool>(
                name: "is_probationary",
                table: "party_members",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "assistance",
                table: "households",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "none");

            migrationBuilder.AddColumn<string>(
                name: "household_no",
                table: "households",
                type: "character varying(30)",
                maxLength: 30,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "import_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    file_name = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    total = table.Column<int>(type: "integer", nullable: false),
                    @new = table.Column<int>(name: "new", type: "integer", nullable: false),
                    changed = table.Column<int>(type: "integer", nullable: false),
                    unchanged = table.Column<int>(type: "integer", nullable: false),
                    refused = table.Column<int>(type: "integer", nullable: false),
                    report_json = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_runs", x => x.id);
                    table.CheckConstraint("ck_import_runs_counts", "total >= 0 AND new >= 0 AND changed >= 0 AND unchanged >= 0 AND refused >= 0");
                    table.CheckConstraint("ck_import_runs_kind", "kind IN ('areas', 'boundaries', 'households', 'members', 'ties', 'cells', 'links')");
                    table.CheckConstraint("ck_import_runs_state", "state IN ('running', 'done', 'refused', 'failed')");
                    table.ForeignKey(
                        name: "fk_import_runs_areas_county_code",
                        column: x => x.county_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_role",
                table: "users",
                sql: "role IN ('county_leader', 'township_leader', 'branch_secretary', 'party_member', 'system', 'cadre', 'county_admin')");

            migrationBuilder.CreateIndex(
                name: "ix_people_id_number",
                table: "people",
                column: "id_number");

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code_household_no",
                table: "households",
                columns: new[] { "village_code", "household_no" },
                unique: true,
                filter: "household_no IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_households_assistance",
                table: "households",
                sql: "assistance IN ('none', 'subsistence', 'destitute')");

            migrationBuilder.CreateIndex(
                name: "ix_import_runs_county_code_started_at",
                table: "import_runs",
                columns: new[] { "county_code", "started_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "import_runs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_role",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_people_id_number",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_households_village_code_household_no",
                table: "households");

            migrationBuilder.DropCheckConstraint(
                name: "ck_households_assistance",
                table: "households");

            migrationBuilder.DropColumn(
                name: "is_probationary",
                table: "party_members");

            migrationBuilder.DropColumn(
                name: "assistance",
                table: "households");

            migrationBuilder.DropColumn(
                name: "household_no",
                table: "households");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_role",
                table: "users",
                sql: "role IN ('county_leader', 'township_leader', 'branch_secretary', 'party_member', 'system', 'cadre')");
        }
    }
}
