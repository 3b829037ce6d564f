using GridGov.Domain.Areas;
using GridGov.Domain.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> e)
    {
        e.ToTable("import_runs");
        e.Property(r => r.Kind).AsText();
        e.Property(r => r.State).AsText();
        e.Property(r => r.CountyCode).HasMaxLength(12).IsFixedLength();
        e.Property(r => r.FileName).HasMaxLength(260);
        e.Property(r => r.Sha256).HasMaxLength(64).IsFixedLength();
        e.Property(r => r.Actor).HasMaxLength(100);
        e.Property(r => r.ReportJson).HasColumnType("jsonb");
        e.HasOne<Area>().WithMany().HasForeignKey(r => r.CountyCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(r => new { r.CountyCode, r.StartedAt });
        e.ToTable(t => t.HasCheckConstraint("ck_import_runs_counts", "total >= 0 AND new >= 0 AND changed >= 0 AND unchanged >= 0 AND refused >= 0"));
        e.CheckEnum<ImportRun, ImportKind>("import_runs", "kind");
        e.CheckEnum<ImportRun, ImportState>("import_runs", "state");
    }
}
