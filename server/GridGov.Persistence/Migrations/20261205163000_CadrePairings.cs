using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CadrePairings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pairing_proposals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    settings_json = table.Column<string>(type: "jsonb", nullable: false),
                    result_json = table.Column<string>(type: "jsonb", nullable: false),
                    base_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairing_proposals", x => x.id);
                    table.CheckConstraint("ck_pairing_proposals_status", "status IN ('open', 'applied', 'discarded', 'stale')");
                    table.ForeignKey(
                        name: "fk_pairing_proposals_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pairing_settings",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    quotas = table.Column<int[]>(type: "integer[]", nullable: false),
                    per_km = table.Column<double>(type: "double precision", nullable: false),
                    keep = table.Column<double>(type: "double precision", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pairing_settings", x => x.county_code);
                    table.CheckConstraint("ck_pairing_settings_quotas", "cardinality(quotas) = 5 AND 0 <= ALL(quotas) AND 20 >= ALL(quotas)");
                    table.CheckConstraint("ck_pairing_settings_weights", "per_km >= 0 AND per_km <= 100 AND keep >= 0 AND keep <= 100");
                    table.ForeignKey(
                        name: "fk_pairing_settings_areas_county_code",
                        column: x => x.county_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cadre_pairings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ended_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    end_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    proposal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_pairings", x => x.id);
                    table.CheckConstraint("ck_cadre_pairings_ended_by", "valid_to IS NULL OR ended_by IS NOT NULL");
                    table.CheckConstraint("ck_cadre_pairings_period", "valid_to IS NULL OR valid_to > valid_from");
                    table.ForeignKey(
                        name: "fk_cadre_pairings_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cadre_pairings_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cadre_pairings_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_cadre_pairings_pairing_proposals_proposal_id",
                        column: x => x.proposal_id,
                        principalTable: "pairing_proposals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cadre_pairings_cadre_id_valid_to",
                table: "cadre_pairings",
                columns: new[] { "cadre_id", "valid_to" });

            migrationBuilder.CreateIndex(
                name: "ix_cadre_pairings_proposal_id",
                table: "cadre_pairings",
                column: "proposal_id");

            migrationBuilder.CreateIndex(
                name: "ix_cadre_pairings_village_code_valid_to",
                table: "cadre_pairings",
                columns: new[] { "village_code", "valid_to" });

            migrationBuilder.CreateIndex(
                name: "ux_cadre_pairings_current_household",
                table: "cadre_pairings",
                column: "household_id",
                unique: true,
                filter: "valid_to IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_pairing_proposals_area_code_created_at",
                table: "pairing_proposals",
                columns: new[] { "area_code", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cadre_pairings");

            migrationBuilder.DropTable(
                name: "pairing_settings");

            migrationBuilder.DropTable(
                name: "pairing_proposals");
        }
    }
}
