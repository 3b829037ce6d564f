using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DeclarationClientIdAndPhoto : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "client_id",
                table: "declarations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "photo_at",
                table: "declarations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "declaration_photos",
                columns: table => new
                {
                    declaration_id = table.Column<long>(type: "bigint", nullable: false),
                    jpeg = table.Column<byte[]>(type: "bytea", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_declaration_photos", x => x.declaration_id);
                    table.CheckConstraint("ck_declaration_photos_size", "octet_length(jpeg) BETWEEN 1 AND 2097152 AND width BETWEEN 1 AND 1600 AND height BETWEEN 1 AND 1600");
                    table.ForeignKey(
                        name: "fk_declaration_photos_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_declarations_member_id_client_id",
                table: "declarations",
                columns: new[] { "member_id", "client_id" },
                unique: true,
                filter: "client_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "declaration_photos");

            migrationBuilder.DropIndex(
                name: "ix_declarations_member_id_client_id",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "client_id",
                table: "declarations");

            migrationBuilder.DropColumn(
                name: "photo_at",
                table: "declarations");
        }
    }
}
