using GridGov.Domain.Areas;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class TieConfiguration : IEntityTypeConfiguration<Tie>
{
    public void Configure(EntityTypeBuilder<Tie> e)
    {
        e.ToTable("ties");
        e.Property(t => t.Kind).AsText();
        e.Property(t => t.Origin).AsText();
        e.Property(t => t.Relation).HasMaxLength(50);
        e.Property(t => t.Note).HasMaxLength(500);
        e.HasOne<PartyMember>().WithMany().HasForeignKey(t => t.MemberId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Household>().WithMany().HasForeignKey(t => t.HouseholdId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(t => new { t.MemberId, t.HouseholdId, t.Kind }).IsUnique();
        e.HasIndex(t => t.HouseholdId);
        e.CheckEnum<Tie, TieKind>("ties", "kind");
        e.CheckEnum<Tie, TieOrigin>("ties", "origin");
    }
}

internal sealed class LinkConfiguration : IEntityTypeConfiguration<Link>
{
    public void Configure(EntityTypeBuilder<Link> e)
    {
        e.ToTable("links");
        e.Property(l => l.Basis).AsText();
        e.Property(l => l.Explanation).HasMaxLength(200);
        e.Property(l => l.CreatedBy).HasMaxLength(100);
        e.Property(l => l.EndedBy).HasMaxLength(100);
        e.Property(l => l.EndReason).HasMaxLength(200);
        e.HasOne<PartyMember>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(l => l.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<LinkProposal>().WithMany().HasForeignKey(l => l.ProposalId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(l => l.MemberId);
        // At most one current link per household. (Overlapping periods are forbidden too,
        // by an exclusion constraint added in the migration: EF has no model for those.)
        e.HasIndex(l => l.HouseholdId).IsUnique().HasFilter("valid_to IS NULL").HasDatabaseName("ux_links_current_household");
        e.HasIndex(l => new { l.HouseholdId, l.ValidFrom });
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_links_period", "valid_to IS NULL OR valid_to > valid_from");
            t.HasCheckConstraint("ck_links_distance", "distance_meters IS NULL OR distance_meters >= 0");
            t.HasCheckConstraint("ck_links_ended_by", "valid_to IS NULL OR ended_by IS NOT NULL");
        });
        e.CheckEnum<Link, LinkBasis>("links", "basis");
    }
}

internal sealed class LinkProposalConfiguration : IEntityTypeConfiguration<LinkProposal>
{
    public void Configure(EntityTypeBuilder<LinkProposal> e)
    {
        e.ToTable("link_proposals");
        e.Property(p => p.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(p => p.Status).AsText();
        e.Property(p => p.SettingsJson).HasColumnType("jsonb");
        e.Property(p => p.ResultJson).HasColumnType("jsonb");
        e.Property(p => p.BaseFingerprint).HasMaxLength(64);
        e.Property(p => p.CreatedBy).HasMaxLength(100);
        e.HasOne<Area>().WithMany().HasForeignKey(p => p.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<LinkJob>().WithMany().HasForeignKey(p => p.JobId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(p => new { p.VillageCode, p.CreatedAt });
        e.CheckEnum<LinkProposal, ProposalStatus>("link_proposals", "status");
    }
}

internal sealed class LinkJobConfiguration : IEntityTypeConfiguration<LinkJob>
{
    public void Configure(EntityTypeBuilder<LinkJob> e)
    {
        e.ToTable("link_jobs");
        e.Property(j => j.AreaCode).HasMaxLength(12).IsFixedLength();
        e.Property(j => j.Status).AsText();
        e.Property(j => j.SettingsJson).HasColumnType("jsonb");
        e.Property(j => j.CreatedBy).HasMaxLength(100);
        e.HasOne<Area>().WithMany().HasForeignKey(j => j.AreaCode).OnDelete(DeleteBehavior.Restrict);
        e.ToTable(t => t.HasCheckConstraint("ck_link_jobs_progress", "done >= 0 AND total >= 0 AND done <= total"));
        e.CheckEnum<LinkJob, JobStatus>("link_jobs", "status");
    }
}

internal sealed class LinkSettingsConfiguration : IEntityTypeConfiguration<LinkSettingsRecord>
{
    public void Configure(EntityTypeBuilder<LinkSettingsRecord> e)
    {
        e.ToTable("link_settings");
        e.HasKey(s => s.AreaCode);
        e.Property(s => s.AreaCode).HasMaxLength(12).IsFixedLength();
        e.Property(s => s.SettingsJson).HasColumnType("jsonb");
        e.HasOne<Area>().WithMany().HasForeignKey(s => s.AreaCode).OnDelete(DeleteBehavior.Cascade);
    }
}
