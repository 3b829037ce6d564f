using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace GridGov.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:btree_gist", ",,")
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.CreateTable(
                name: "areas",
                columns: table => new
                {
                    code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    parent_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: true),
                    boundary = table.Column<MultiPolygon>(type: "geometry(MultiPolygon,4326)", nullable: true),
                    known_point = table.Column<Point>(type: "geometry(Point,4326)", nullable: true),
                    boundary_source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    urban_rural_code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    is_deep_poverty = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_areas", x => x.code);
                    table.CheckConstraint("ck_areas_boundary_source", "boundary_source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.CheckConstraint("ck_areas_boundary_valid", "boundary IS NULL OR ST_IsValid(boundary)");
                    table.CheckConstraint("ck_areas_code", "code ~ '^[0-9]{12}$'");
                    table.CheckConstraint("ck_areas_level", "level IN ('county', 'township', 'village')");
                    table.CheckConstraint("ck_areas_parent", "(level = 'county') = (parent_code IS NULL)");
                    table.ForeignKey(
                        name: "fk_areas_areas_parent_code",
                        column: x => x.parent_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    secret_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    scopes = table.Column<string[]>(type: "text[]", nullable: false),
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                    table.CheckConstraint("ck_api_keys_scopes", "cardinality(scopes) > 0 AND scopes <@ ARRAY['read','read-pii','write']::text[]");
                    table.ForeignKey(
                        name: "fk_api_keys_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "audit_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entity_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    before_json = table.Column<string>(type: "jsonb", nullable: true),
                    after_json = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_audit_events_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "link_jobs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    settings_json = table.Column<string>(type: "jsonb", nullable: false),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_link_jobs", x => x.id);
                    table.CheckConstraint("ck_link_jobs_progress", "done >= 0 AND total >= 0 AND done <= total");
                    table.CheckConstraint("ck_link_jobs_status", "status IN ('queued', 'running', 'done', 'failed')");
                    table.ForeignKey(
                        name: "fk_link_jobs_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "link_settings",
                columns: table => new
                {
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    settings_json = table.Column<string>(type: "jsonb", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_link_settings", x => x.area_code);
                    table.ForeignKey(
                        name: "fk_link_settings_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "village_groups",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    centre = table.Column<Point>(type: "geometry(Point,4326)", nullable: true),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_village_groups", x => x.id);
                    table.CheckConstraint("ck_village_groups_number", "number > 0");
                    table.CheckConstraint("ck_village_groups_source", "source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.ForeignKey(
                        name: "fk_village_groups_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "link_proposals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    settings_json = table.Column<string>(type: "jsonb", nullable: false),
                    result_json = table.Column<string>(type: "jsonb", nullable: false),
                    base_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    job_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_link_proposals", x => x.id);
                    table.CheckConstraint("ck_link_proposals_status", "status IN ('open', 'applied', 'discarded', 'stale')");
                    table.ForeignKey(
                        name: "fk_link_proposals_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_link_proposals_link_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "link_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "cadres",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    assigned_from = table.Column<DateOnly>(type: "date", nullable: false),
                    assigned_to = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cadres", x => x.id);
                    table.CheckConstraint("ck_cadres_kind", "kind IN ('first_secretary', 'resident_cadre')");
                    table.CheckConstraint("ck_cadres_period", "assigned_to IS NULL OR assigned_to >= assigned_from");
                    table.ForeignKey(
                        name: "fk_cadres_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "check_ins",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    cadre_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    accuracy_meters = table.Column<double>(type: "double precision", nullable: true),
                    reported_crs = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    inside_geofence = table.Column<bool>(type: "boolean", nullable: false),
                    distance_meters = table.Column<double>(type: "double precision", nullable: false),
                    trust_score = table.Column<double>(type: "double precision", nullable: false),
                    trust_reasons_json = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_check_ins", x => x.id);
                    table.CheckConstraint("ck_check_ins_crs", "reported_crs IN ('wgs84', 'gcj02', 'cgcs2000')");
                    table.CheckConstraint("ck_check_ins_distance", "distance_meters >= 0");
                    table.CheckConstraint("ck_check_ins_trust", "trust_score BETWEEN 0 AND 1");
                    table.ForeignKey(
                        name: "fk_check_ins_cadres_cadre_id",
                        column: x => x.cadre_id,
                        principalTable: "cadres",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    work_date = table.Column<DateOnly>(type: "date", nullable: false),
                    category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: true),
                    accuracy_meters = table.Column<double>(type: "double precision", nullable: true),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_declarations", x => x.id);
                    table.CheckConstraint("ck_declarations_accuracy", "accuracy_meters IS NULL OR accuracy_meters >= 0");
                    table.CheckConstraint("ck_declarations_category", "category IN ('education', 'policy', 'mediation', 'industry', 'visit')");
                    table.CheckConstraint("ck_declarations_month", "EXTRACT(DAY FROM month) = 1");
                    table.CheckConstraint("ck_declarations_status", "status IN ('submitted', 'approved', 'returned')");
                    table.CheckConstraint("ck_declarations_text", "length(btrim(text)) > 0");
                    table.CheckConstraint("ck_declarations_work_date", "date_trunc('month', work_date)::date = month");
                });

            migrationBuilder.CreateTable(
                name: "grid_cells",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    branch_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    geometry = table.Column<Polygon>(type: "geometry(Polygon,4326)", nullable: false),
                    leader_member_id = table.Column<long>(type: "bigint", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_grid_cells", x => x.id);
                    table.CheckConstraint("ck_grid_cells_geometry_valid", "ST_IsValid(geometry) AND NOT ST_IsEmpty(geometry)");
                    table.CheckConstraint("ck_grid_cells_source", "source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.CheckConstraint("ck_grid_cells_version", "version > 0");
                    table.ForeignKey(
                        name: "fk_grid_cells_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "households",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    group_id = table.Column<long>(type: "bigint", nullable: true),
                    cell_id = table.Column<long>(type: "bigint", nullable: true),
                    location = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    head_name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    size = table.Column<int>(type: "integer", nullable: false),
                    poverty_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    id_number = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_households", x => x.id);
                    table.CheckConstraint("ck_households_id_number", "id_number IS NULL OR id_number ~ '^[0-9]{17}[0-9X]$'");
                    table.CheckConstraint("ck_households_poverty_status", "poverty_status IN ('none', 'poor', 'lifted_out', 'monitored')");
                    table.CheckConstraint("ck_households_size", "size BETWEEN 1 AND 30");
                    table.CheckConstraint("ck_households_source", "source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.ForeignKey(
                        name: "fk_households_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_households_grid_cells_cell_id",
                        column: x => x.cell_id,
                        principalTable: "grid_cells",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_households_village_groups_group_id",
                        column: x => x.group_id,
                        principalTable: "village_groups",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    gender = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    birth_year = table.Column<int>(type: "integer", nullable: true),
                    id_number = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    household_id = table.Column<long>(type: "bigint", nullable: true),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                    table.CheckConstraint("ck_people_gender", "gender IN ('male', 'female')");
                    table.CheckConstraint("ck_people_id_number", "id_number IS NULL OR id_number ~ '^[0-9]{17}[0-9X]$'");
                    table.CheckConstraint("ck_people_source", "source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.ForeignKey(
                        name: "fk_people_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "links",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    basis = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    locked = table.Column<bool>(type: "boolean", nullable: false),
                    distance_meters = table.Column<double>(type: "double precision", nullable: true),
                    explanation = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ended_by = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    end_reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    proposal_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_links", x => x.id);
                    table.CheckConstraint("ck_links_basis", "basis IN ('blood', 'marriage', 'social', 'proximity', 'remote')");
                    table.CheckConstraint("ck_links_distance", "distance_meters IS NULL OR distance_meters >= 0");
                    table.CheckConstraint("ck_links_ended_by", "valid_to IS NULL OR ended_by IS NOT NULL");
                    table.CheckConstraint("ck_links_period", "valid_to IS NULL OR valid_to > valid_from");
                    table.ForeignKey(
                        name: "fk_links_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_links_link_proposals_proposal_id",
                        column: x => x.proposal_id,
                        principalTable: "link_proposals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "member_ratings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    rating = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rated_by_user_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_member_ratings", x => x.id);
                    table.CheckConstraint("ck_member_ratings_month", "EXTRACT(DAY FROM month) = 1");
                    table.CheckConstraint("ck_member_ratings_rating", "rating IN ('excellent', 'qualified', 'basically_qualified', 'unqualified')");
                });

            migrationBuilder.CreateTable(
                name: "party_branches",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    secretary_member_id = table.Column<long>(type: "bigint", nullable: true),
                    source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_branches", x => x.id);
                    table.CheckConstraint("ck_party_branches_source", "source IN ('real', 'synthetic', 'entered', 'imported')");
                    table.ForeignKey(
                        name: "fk_party_branches_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "party_members",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    branch_id = table.Column<long>(type: "bigint", nullable: false),
                    village_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    home = table.Column<Point>(type: "geometry(Point,4326)", nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    joined_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_party_members", x => x.id);
                    table.CheckConstraint("ck_party_members_capacity", "capacity IS NULL OR capacity BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_party_members_status", "status IN ('active', 'migrant', 'elderly', 'sick', 'left', 'deceased')");
                    table.ForeignKey(
                        name: "fk_party_members_areas_village_code",
                        column: x => x.village_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_party_members_party_branches_branch_id",
                        column: x => x.branch_id,
                        principalTable: "party_branches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_party_members_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ties",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    member_id = table.Column<long>(type: "bigint", nullable: false),
                    household_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    origin = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    relation = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ties", x => x.id);
                    table.CheckConstraint("ck_ties_kind", "kind IN ('blood', 'marriage', 'social')");
                    table.CheckConstraint("ck_ties_origin", "origin IN ('declared', 'inferred')");
                    table.ForeignKey(
                        name: "fk_ties_households_household_id",
                        column: x => x.household_id,
                        principalTable: "households",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ties_party_members_member_id",
                        column: x => x.member_id,
                        principalTable: "party_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    username = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    password_hash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    area_code = table.Column<string>(type: "character(12)", fixedLength: true, maxLength: 12, nullable: false),
                    member_id = table.Column<long>(type: "bigint", nullable: true),
                    disabled = table.Column<bool>(type: "boolean", nullable: false),
                    is_sample = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                    table.CheckConstraint("ck_users_member_role", "role <> 'party_member' OR member_id IS NOT NULL");
                    table.CheckConstraint("ck_users_role", "role IN ('county_leader', 'township_leader', 'branch_secretary', 'party_member', 'system')");
                    table.CheckConstraint("ck_users_username", "username ~ '^[a-z0-9][a-z0-9._-]*$'");
                    table.ForeignKey(
                        name: "fk_users_areas_area_code",
                        column: x => x.area_code,
                        principalTable: "areas",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_users_party_members_member_id",
                        column: x => x.member_id,
                        principalTable: "party_members",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    declaration_id = table.Column<long>(type: "bigint", nullable: false),
                    reviewer_user_id = table.Column<long>(type: "bigint", nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                    table.CheckConstraint("ck_reviews_outcome", "outcome IN ('approved', 'returned')");
                    table.CheckConstraint("ck_reviews_reason", "outcome <> 'returned' OR (reason IS NOT NULL AND length(btrim(reason)) > 0)");
                    table.ForeignKey(
                        name: "fk_reviews_declarations_declaration_id",
                        column: x => x.declaration_id,
                        principalTable: "declarations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_reviews_users_reviewer_user_id",
                        column: x => x.reviewer_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_area_code",
                table: "api_keys",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_prefix",
                table: "api_keys",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_areas_boundary",
                table: "areas",
                column: "boundary")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_areas_known_point",
                table: "areas",
                column: "known_point")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_areas_parent_code",
                table: "areas",
                column: "parent_code");

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_area_code_at",
                table: "audit_events",
                columns: new[] { "area_code", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_events_at",
                table: "audit_events",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_cadres_person_id",
                table: "cadres",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_cadres_village_code",
                table: "cadres",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_cadre_id_at",
                table: "check_ins",
                columns: new[] { "cadre_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_check_ins_location",
                table: "check_ins",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_household_id_month",
                table: "declarations",
                columns: new[] { "household_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_declarations_location",
                table: "declarations",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_declarations_member_id_month",
                table: "declarations",
                columns: new[] { "member_id", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_branch_id",
                table: "grid_cells",
                column: "branch_id");

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_geometry",
                table: "grid_cells",
                column: "geometry")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_leader_member_id",
                table: "grid_cells",
                column: "leader_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_updated_at",
                table: "grid_cells",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_grid_cells_village_code",
                table: "grid_cells",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_households_cell_id",
                table: "households",
                column: "cell_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_group_id",
                table: "households",
                column: "group_id");

            migrationBuilder.CreateIndex(
                name: "ix_households_location",
                table: "households",
                column: "location")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_households_village_code",
                table: "households",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_link_jobs_area_code",
                table: "link_jobs",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_link_proposals_job_id",
                table: "link_proposals",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_link_proposals_village_code_created_at",
                table: "link_proposals",
                columns: new[] { "village_code", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_links_household_id_valid_from",
                table: "links",
                columns: new[] { "household_id", "valid_from" });

            migrationBuilder.CreateIndex(
                name: "ix_links_member_id",
                table: "links",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_links_proposal_id",
                table: "links",
                column: "proposal_id");

            migrationBuilder.CreateIndex(
                name: "ux_links_current_household",
                table: "links",
                column: "household_id",
                unique: true,
                filter: "valid_to IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_member_ratings_member_id_month",
                table: "member_ratings",
                columns: new[] { "member_id", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_member_ratings_rated_by_user_id",
                table: "member_ratings",
                column: "rated_by_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_branches_secretary_member_id",
                table: "party_branches",
                column: "secretary_member_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_branches_village_code",
                table: "party_branches",
                column: "village_code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_party_members_branch_id",
                table: "party_members",
                column: "branch_id");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_home",
                table: "party_members",
                column: "home")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_party_members_person_id",
                table: "party_members",
                column: "person_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_party_members_village_code",
                table: "party_members",
                column: "village_code");

            migrationBuilder.CreateIndex(
                name: "ix_people_household_id",
                table: "people",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_declaration_id",
                table: "reviews",
                column: "declaration_id");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_reviewer_user_id",
                table: "reviews",
                column: "reviewer_user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ties_household_id",
                table: "ties",
                column: "household_id");

            migrationBuilder.CreateIndex(
                name: "ix_ties_member_id_household_id_kind",
                table: "ties",
                columns: new[] { "member_id", "household_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_area_code",
                table: "users",
                column: "area_code");

            migrationBuilder.CreateIndex(
                name: "ix_users_member_id",
                table: "users",
                column: "member_id");

            migrationBuilder.CreateIndex(
                name: "ix_users_username",
                table: "users",
                column: "username",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_village_groups_centre",
                table: "village_groups",
                column: "centre")
                .Annotation("Npgsql:IndexMethod", "gist");

            migrationBuilder.CreateIndex(
                name: "ix_village_groups_village_code_number",
                table: "village_groups",
                columns: new[] { "village_code", "number" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_cadres_people_person_id",
                table: "cadres",
                column: "person_id",
                principalTable: "people",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_declarations_households_household_id",
                table: "declarations",
                column: "household_id",
                principalTable: "households",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_declarations_party_members_member_id",
                table: "declarations",
                column: "member_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_grid_cells_party_branches_branch_id",
                table: "grid_cells",
                column: "branch_id",
                principalTable: "party_branches",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_grid_cells_party_members_leader_member_id",
                table: "grid_cells",
                column: "leader_member_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "fk_links_party_members_member_id",
                table: "links",
                column: "member_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_member_ratings_party_members_member_id",
                table: "member_ratings",
                column: "member_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_member_ratings_users_rated_by_user_id",
                table: "member_ratings",
                column: "rated_by_user_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_party_branches_party_members_secretary_member_id",
                table: "party_branches",
                column: "secretary_member_id",
                principalTable: "party_members",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // Link history: periods of one household never overlap (EF cannot model exclusion constraints).
            migrationBuilder.Sql(
                "ALTER TABLE links ADD CONSTRAINT ex_links_household_period EXCLUDE USING gist " +
                "(household_id WITH =, tstzrange(valid_from, valid_to) WITH &&);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_grid_cells_areas_village_code",
                table: "grid_cells");

            migrationBuilder.DropForeignKey(
                name: "fk_households_areas_village_code",
                table: "households");

            migrationBuilder.DropForeignKey(
                name: "fk_party_branches_areas_village_code",
                table: "party_branches");

            migrationBuilder.DropForeignKey(
                name: "fk_party_members_areas_village_code",
                table: "party_members");

            migrationBuilder.DropForeignKey(
                name: "fk_village_groups_areas_village_code",
                table: "village_groups");

            migrationBuilder.DropForeignKey(
                name: "fk_party_members_people_person_id",
                table: "party_members");

            migrationBuilder.DropForeignKey(
                name: "fk_party_branches_party_members_secretary_member_id",
                table: "party_branches");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "audit_events");

            migrationBuilder.DropTable(
                name: "check_ins");

            migrationBuilder.DropTable(
                name: "link_settings");

            migrationBuilder.DropTable(
                name: "links");

            migrationBuilder.DropTable(
                name: "member_ratings");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "ties");

            migrationBuilder.DropTable(
                name: "cadres");

            migrationBuilder.DropTable(
                name: "link_proposals");

            migrationBuilder.DropTable(
                name: "declarations");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "link_jobs");

            migrationBuilder.DropTable(
                name: "areas");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "households");

            migrationBuilder.DropTable(
                name: "grid_cells");

            migrationBuilder.DropTable(
                name: "village_groups");

            migrationBuilder.DropTable(
                name: "party_members");

            migrationBuilder.DropTable(
                name: "party_branches");
        }
    }
}
