using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CadreAccountsAndCheckInClientId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "client_id",
                table: "check_ins",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "rank",
                table: "cadres",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_cadre_id_client_id",
                table: "check_ins",
                columns: new[] { "cadre_id", "client_id" },
                unique: true,
                filter: "client_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_cadres_rank",
                table: "cadres",
                sql: "rank IN ('county', 'section', 'general', 'village')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_check_ins_cadre_id_client_id",
                table: "check_ins");

            migrationBuilder.DropCheckConstraint(
                name: "ck_cadres_rank",
                table: "cadres");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "check_ins");

            migrationBuilder.DropColumn(
                name: "rank",
                table: "cadres");
        }
    }
}
