using GridGov.Domain.Areas;
using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class WorkLogEntryConfiguration : IEntityTypeConfiguration<WorkLogEntry>
{
    public void Configure(EntityTypeBuilder<WorkLogEntry> e)
    {
        e.ToTable("work_log_entries");
        e.Property(w => w.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(w => w.Text).HasMaxLength(WorkLogEntry.MaxTextLength);
        e.HasOne<Cadre>().WithMany().HasForeignKey(w => w.CadreId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Area>().WithMany().HasForeignKey(w => w.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(w => new { w.VillageCode, w.Day });
        e.HasIndex(w => new { w.CadreId, w.Day });
        e.HasIndex(w => new { w.CadreId, w.ClientId }).IsUnique().HasFilter("client_id IS NOT NULL");
        e.ToTable(t => t.HasCheckConstraint("ck_work_log_entries_text", "length(btrim(text)) > 0"));
    }
}

internal sealed class CadreSettingsConfiguration : IEntityTypeConfiguration<CadreSettings>
{
    public void Configure(EntityTypeBuilder<CadreSettings> e)
    {
        e.ToTable("cadre_settings");
        e.HasKey(s => s.CountyCode);
        e.Property(s => s.CountyCode).HasMaxLength(12).IsFixedLength();
        e.HasOne<Area>().WithMany().HasForeignKey(s => s.CountyCode).OnDelete(DeleteBehavior.Cascade);
        e.ToTable(t => t.HasCheckConstraint("ck_cadre_settings_required_days", "required_days_per_month BETWEEN 1 AND 31"));
    }
}

internal sealed class CheckInPhotoConfiguration : IEntityTypeConfiguration<CheckInPhoto>
{
    public void Configure(EntityTypeBuilder<CheckInPhoto> e)
    {
        e.ToTable("check_in_photos");
        e.HasKey(p => p.CheckInId);
        e.HasOne<CheckIn>().WithOne().HasForeignKey<CheckInPhoto>(p => p.CheckInId).OnDelete(DeleteBehavior.Cascade);
        e.ToTable(t => t.HasCheckConstraint("ck_check_in_photos_size",
            "octet_length(jpeg) BETWEEN 1 AND 2097152 AND width BETWEEN 1 AND 1600 AND height BETWEEN 1 AND 1600"));
    }
}
