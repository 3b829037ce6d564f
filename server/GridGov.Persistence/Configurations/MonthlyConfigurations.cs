using GridGov.Domain.Access;
using GridGov.Domain.Households;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> e)
    {
        e.ToTable("declarations");
        e.Property(d => d.Category).AsText();
        e.Property(d => d.Status).AsText();
        e.Property(d => d.Text).HasMaxLength(2000);
        e.Property(d => d.Location).HasColumnType("geometry(Point,4326)");
        e.HasOne<PartyMember>().WithMany().HasForeignKey(d => d.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(d => d.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(d => new { d.MemberId, d.Month });
        e.HasIndex(d => new { d.HouseholdId, d.Month });
        e.HasIndex(d => d.Location).HasMethod("gist");
        // The phone's id is an idempotency key per member: a retry finds the declaration it made before.
        e.HasIndex(d => new { d.MemberId, d.ClientId }).IsUnique().HasFilter("client_id IS NOT NULL");
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_declarations_month", "EXTRACT(DAY FROM month) = 1");
            t.HasCheckConstraint("ck_declarations_work_date", "date_trunc('month', work_date)::date = month");
            t.HasCheckConstraint("ck_declarations_accuracy", "accuracy_meters IS NULL OR accuracy_meters >= 0");
            t.HasCheckConstraint("ck_declarations_text", "length(btrim(text)) > 0");
        });
        e.CheckEnum<Declaration, DeclarationCategory>("declarations", "category");
        e.CheckEnum<Declaration, DeclarationStatus>("declarations", "status");
    }
}

internal sealed class DeclarationPhotoConfiguration : IEntityTypeConfiguration<DeclarationPhoto>
{
    public void Configure(EntityTypeBuilder<DeclarationPhoto> e)
    {
        e.ToTable("declaration_photos", t => t.HasCheckConstraint("ck_declaration_photos_size",
            $"octet_length(jpeg) BETWEEN 1 AND {JpegPhoto.MaxBytes} AND width BETWEEN 1 AND {JpegPhoto.MaxSide} AND height BETWEEN 1 AND {JpegPhoto.MaxSide}"));
        e.HasKey(p => p.DeclarationId);
        e.HasOne<Declaration>().WithOne().HasForeignKey<DeclarationPhoto>(p => p.DeclarationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> e)
    {
        e.ToTable("reviews");
        e.Property(r => r.Outcome).AsText();
        e.Property(r => r.Reason).HasMaxLength(500);
        e.HasOne<Declaration>().WithMany().HasForeignKey(r => r.DeclarationId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(r => r.ReviewerUserId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => r.DeclarationId);
        e.ToTable(t => t.HasCheckConstraint("ck_reviews_reason",
            "outcome <> 'returned' OR (reason IS NOT NULL AND length(btrim(reason)) > 0)"));
        e.CheckEnum<Review, ReviewOutcome>("reviews", "outcome");
    }
}

internal sealed class MemberRatingConfiguration : IEntityTypeConfiguration<MemberRating>
{
    public void Configure(EntityTypeBuilder<MemberRating> e)
    {
        e.ToTable("member_ratings");
        e.Property(r => r.Rating).AsText();
        e.HasOne<PartyMember>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<User>().WithMany().HasForeignKey(r => r.RatedByUserId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.MemberId, r.Month }).IsUnique();
        e.ToTable(t => t.HasCheckConstraint("ck_member_ratings_month", "EXTRACT(DAY FROM month) = 1"));
        e.CheckEnum<MemberRating, Rating>("member_ratings", "rating");
    }
}

internal sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> e)
    {
        e.ToTable("check_ins");
        e.Property(c => c.Location).HasColumnType("geometry(Point,4326)");
        e.Property(c => c.ReportedCrs).HasMaxLength(16);
        e.Property(c => c.TrustReasonsJson).HasColumnType("jsonb");
        e.HasOne<Cadre>().WithMany().HasForeignKey(c => c.CadreId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(c => new { c.CadreId, c.At });
        e.HasIndex(c => new { c.CadreId, c.ClientId }).IsUnique().HasFilter("client_id IS NOT NULL");
        e.HasIndex(c => c.Location).HasMethod("gist");
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_check_ins_trust", "trust_score BETWEEN 0 AND 1");
            t.HasCheckConstraint("ck_check_ins_distance", "distance_meters >= 0");
            t.HasCheckConstraint("ck_check_ins_crs", "reported_crs IN ('wgs84', 'gcj02', 'cgcs2000')");
        });
    }
}
