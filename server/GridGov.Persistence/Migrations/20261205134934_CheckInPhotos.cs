using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CheckInPhotos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "photo_at",
                table: "check_ins",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "check_in_photos",
                columns: table => new
                {
                    check_in_id = table.Column<long>(type: "bigint", nullable: false),
                    jpeg = table.Column<byte[]>(type: "bytea", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_in_photos", x => x.check_in_id);
                    table.CheckConstraint("ck_check_in_photos_size", "octet_length(jpeg) BETWEEN 1 AND 2097152 AND width BETWEEN 1 AND 1600 AND height BETWEEN 1 AND 1600");
                    table.ForeignKey(
                        name: "fk_check_in_photos_check_ins_check_in_id",
                        column: x => x.check_in_id,
                        principalTable: "check_ins",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "check_in_photos");

            migrationBuilder.DropColumn(
                name: "photo_at",
                table: "check_ins");
        }
    }
}
