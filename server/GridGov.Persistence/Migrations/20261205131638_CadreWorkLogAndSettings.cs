using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CadreWorkLogAndSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cadre_settings",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    required_days_per_month = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_settings", x => x.county_code);
                    table.CheckConstraint("ck_cadre_settings_required_days", "required_days_per_month BETWEEN 1 AND 31");
                    table.ForeignKey(
                        name: "fk_cadre_settings_areas_county_code",
                        column: x => x.county_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "work_log_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    text = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    household_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    client_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_work_log_entries", x => x.id);
                    table.CheckConstraint("ck_work_log_entries_text", "length(btrim(text)) > 0");
                    table.ForeignKey(
                        name: "fk_work_log_entries_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_work_log_entries_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_work_log_entries_cadre_id_client_id",
                table: "work_log_entries",
                columns: new[] { "cadre_id", "client_id" },
                unique: true,
                filter: "client_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_work_log_entries_cadre_id_day",
                table: "work_log_entries",
                columns: new[] { "cadre_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_work_log_entries_village_code_day",
                table: "work_log_entries",
                columns: new[] { "village_code", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cadre_settings");

            migrationBuilder.DropTable(
                name: "work_log_entries");
        }
    }
}
