using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ImportKindCadres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_import_runs_kind",
                table: "import_runs");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_runs_kind",
                table: "import_runs",
                sql: "kind IN ('areas', 'boundaries', 'households', 'members', 'ties', 'cells', 'links', 'cadres')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_import_runs_kind",
                table: "import_runs");

            migrationBuilder.AddCheckConstraint(
                name: "ck_import_runs_kind",
                table: "import_runs",
                sql: "kind IN ('areas', 'boundaries', 'households', 'members', 'ties', 'cells', 'links')");
        }
    }
}
