using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class EndedHouseholds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_households_village_code_household_no",
                table: "households");

            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "households",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ended_at",
                table: "households",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code_household_no",
                table: "households",
                columns: new[] { "village_code", "household_no" },
                unique: true,
                filter: "household_no IS NOT NULL AND ended_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_households_end_reason",
                table: "households",
                sql: "ended_at IS NULL OR end_reason IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_households_village_code_household_no",
                table: "households");

            migrationBuilder.DropCheckConstraint(
                name: "ck_households_end_reason",
                table: "households");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "households");

            migrationBuilder.DropColumn(
                name: "ended_at",
                table: "households");

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code_household_no",
                table: "households",
                columns: new[] { "village_code", "household_no" },
                unique: true,
                filter: "household_no IS NOT NULL");
        }
    }
}
