using GridGov.Domain.Areas;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class AreaConfiguration : IEntityTypeConfiguration<Area>
{
    public void Configure(EntityTypeBuilder<Area> e)
    {
        e.ToTable("areas");
        e.HasKey(a => a.Code);
        e.Property(a => a.Code).HasMaxLength(12).IsFixedLength();
        e.Property(a => a.ParentCode).HasMaxLength(12).IsFixedLength();
        e.Property(a => a.Name).HasMaxLength(100);
        e.Property(a => a.Level).AsText();
        e.Property(a => a.BoundarySource).AsText();
        e.Property(a => a.UrbanRuralCode).HasMaxLength(3);
        e.Property(a => a.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        e.Property(a => a.KnownPoint).HasColumnType("geometry(Point,4326)");
        e.HasOne(a => a.Parent).WithMany().HasForeignKey(a => a.ParentCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(a => a.ParentCode);
        e.HasIndex(a => a.Boundary).HasMethod("gist");
        e.HasIndex(a => a.KnownPoint).HasMethod("gist");
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_areas_code", "code ~ '^[0-9]{12}$'");
            // Only the county has no parent; a village's parent is its township, a township's the county.
            t.HasCheckConstraint("ck_areas_parent", "(level = 'county') = (parent_code IS NULL)");
            t.HasCheckConstraint("ck_areas_boundary_valid", "boundary IS NULL OR ST_IsValid(boundary)");
        });
        e.CheckEnum<Area, AreaLevel>("areas", "level");
        e.CheckEnum<Area, DataSource>("areas", "boundary_source");
    }
}

internal sealed class VillageGroupConfiguration : IEntityTypeConfiguration<VillageGroup>
{
    public void Configure(EntityTypeBuilder<VillageGroup> e)
    {
        e.ToTable("village_groups");
        e.Property(g => g.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(g => g.Name).HasMaxLength(100);
        e.Property(g => g.Source).AsText();
        e.Property(g => g.Centre).HasColumnType("geometry(Point,4326)");
        e.HasOne<Area>().WithMany().HasForeignKey(g => g.VillageCode).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(g => new { g.VillageCode, g.Number }).IsUnique();
        e.HasIndex(g => g.Centre).HasMethod("gist");
        e.ToTable(t => t.HasCheckConstraint("ck_village_groups_number", "number > 0"));
        e.CheckEnum<VillageGroup, DataSource>("village_groups", "source");
    }
}

internal sealed class PartyBranchConfiguration : IEntityTypeConfiguration<PartyBranch>
{
    public void Configure(EntityTypeBuilder<PartyBranch> e)
    {
        e.ToTable("party_branches");
        e.Property(p => p.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(p => p.Name).HasMaxLength(120);
        e.Property(p => p.Source).AsText();
        e.HasOne<Area>().WithMany().HasForeignKey(p => p.VillageCode).OnDelete(DeleteBehavior.Restrict);
        // One branch per village: the branch is the unit of grid management.
        e.HasIndex(p => p.VillageCode).IsUnique();
        e.HasOne<Domain.Members.PartyMember>().WithMany().HasForeignKey(p => p.SecretaryMemberId)
            .OnDelete(DeleteBehavior.SetNull);
        e.CheckEnum<PartyBranch, DataSource>("party_branches", "source");
    }
}
