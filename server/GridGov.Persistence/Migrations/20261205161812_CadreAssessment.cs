using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CadreAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cadre_manual_scores",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    quarter = table.Column<DateOnly>(type: "date", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    entered_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_manual_scores", x => x.id);
                    table.CheckConstraint("ck_cadre_manual_scores_score", "score BETWEEN 0 AND 100");
                    table.ForeignKey(
                        name: "fk_cadre_manual_scores_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cadre_ranking_weights",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    check_in = table.Column<int>(type: "integer", nullable: false),
                    work_log = table.Column<int>(type: "integer", nullable: false),
                    coverage = table.Column<int>(type: "integer", nullable: false),
                    contact = table.Column<int>(type: "integer", nullable: false),
                    pairing_visits = table.Column<int>(type: "integer", nullable: false),
                    manual = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_ranking_weights", x => x.county_code);
                    table.CheckConstraint("ck_cadre_ranking_weights_sum", "check_in + work_log + coverage + contact + pairing_visits + manual = 100 AND least(check_in, work_log, coverage, contact, pairing_visits, manual) >= 0");
                    table.ForeignKey(
                        name: "fk_cadre_ranking_weights_areas_county_code",
                        column: x => x.county_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "closed_quarters",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    quarter = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_closed_quarters", x => new { x.county_code, x.quarter });
                    table.ForeignKey(
                        name: "fk_closed_quarters_areas_county_code",
                        column: x => x.county_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "monthly_dispatches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    township_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    cadre_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    follow_ups = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_dispatches", x => x.id);
                    table.CheckConstraint("ck_monthly_dispatches_notes", "length(btrim(notes)) > 0");
                    table.ForeignKey(
                        name: "fk_monthly_dispatches_areas_township_code",
                        column: x => x.township_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cadre_quarter_results",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    quarter = table.Column<DateOnly>(type: "date", nullable: false),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    grade = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadre_quarter_results", x => new { x.county_code, x.quarter, x.cadre_id });
                    table.CheckConstraint("ck_cadre_quarter_results_grade", "grade IN ('excellent', 'qualified', 'basically_qualified', 'poor')");
                    table.ForeignKey(
                        name: "fk_cadre_quarter_results_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_cadre_quarter_results_closed_quarters_county_code_quarter",
                        columns: x => new { x.county_code, x.quarter },
                        principalTable: "closed_quarters",
                        principalColumns: new[] { "county_code", "quarter" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "township_quarter_results",
                columns: table => new
                {
                    county_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    quarter = table.Column<DateOnly>(type: "date", nullable: false),
                    township_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    rank = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    poor = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_township_quarter_results", x => new { x.county_code, x.quarter, x.township_code });
                    table.ForeignKey(
                        name: "fk_township_quarter_results_areas_township_code",
                        column: x => x.township_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_township_quarter_results_closed_quarters_county_code_quarter",
                        columns: x => new { x.county_code, x.quarter },
                        principalTable: "closed_quarters",
                        principalColumns: new[] { "county_code", "quarter" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cadre_manual_scores_cadre_id_quarter",
                table: "cadre_manual_scores",
                columns: new[] { "cadre_id", "quarter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cadre_quarter_results_cadre_id",
                table: "cadre_quarter_results",
                column: "cadre_id");

            migrationBuilder.CreateIndex(
                name: "ix_monthly_dispatches_township_code_date",
                table: "monthly_dispatches",
                columns: new[] { "township_code", "date" });

            migrationBuilder.CreateIndex(
                name: "ix_township_quarter_results_township_code",
                table: "township_quarter_results",
                column: "township_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cadre_manual_scores");

            migrationBuilder.DropTable(
                name: "cadre_quarter_results");

            migrationBuilder.DropTable(
                name: "cadre_ranking_weights");

            migrationBuilder.DropTable(
                name: "monthly_dispatches");

            migrationBuilder.DropTable(
                name: "township_quarter_results");

            migrationBuilder.DropTable(
                name: "closed_quarters");
        }
    }
}
