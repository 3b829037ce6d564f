using GridGov.Domain.Areas;
using GridGov.Domain.Cadres;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class CadrePostingConfiguration : IEntityTypeConfiguration<CadrePosting>
{
    public void Configure(EntityTypeBuilder<CadrePosting> e)
    {
        e.ToTable("cadre_postings");
        e.Property(p => p.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(p => p.From).HasColumnName("from_day");
        e.Property(p => p.To).HasColumnName("to_day");
        e.HasOne<Cadre>().WithMany(c => c.Postings).HasForeignKey(p => p.CadreId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Area>().WithMany().HasForeignKey(p => p.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => p.CadreId);
        e.HasIndex(p => new { p.VillageCode, p.From });
        e.ToTable(t => t.HasCheckConstraint("ck_cadre_postings_period", "to_day IS NULL OR to_day >= from_day"));
    }
}
