using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VillageKeysetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_party_members_village_code",
                table: "party_members");

            migrationBuilder.DropIndex(
                name: "ix_households_village_code",
                table: "households");

            migrationBuilder.DropIndex(
                name: "ix_grid_cells_village_code",
                table: "grid_cells");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_village_code_id",
                table: "party_members",
                columns: new[] { "village_code", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code_id",
                table: "households",
                columns: new[] { "village_code", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_village_code_id",
                table: "grid_cells",
                columns: new[] { "village_code", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_party_members_village_code_id",
                table: "party_members");

            migrationBuilder.DropIndex(
                name: "ix_households_village_code_id",
                table: "households");

            migrationBuilder.DropIndex(
                name: "ix_grid_cells_village_code_id",
                table: "grid_cells");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_village_code",
                table: "party_members",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code",
                table: "households",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_village_code",
                table: "grid_cells",
                column: "village_code");
        }
    }
}
