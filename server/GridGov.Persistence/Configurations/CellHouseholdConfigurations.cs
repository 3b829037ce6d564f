using GridGov.Domain.Areas;
using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace GridGov.Persistence.Configurations;

internal sealed class GridCellConfiguration : IEntityTypeConfiguration<GridCell>
{
    public void Configure(EntityTypeBuilder<GridCell> e)
    {
        e.ToTable("grid_cells");
        e.Property(c => c.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(c => c.Name).HasMaxLength(100);
        e.Property(c => c.Source).AsText();
        e.Property(c => c.Geometry).HasColumnType("geometry(Polygon,4326)");
        e.Property(c => c.Version).IsConcurrencyToken();
        e.HasOne<Area>().WithMany().HasForeignKey(c => c.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<PartyBranch>().WithMany().HasForeignKey(c => c.BranchId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<PartyMember>().WithMany().HasForeignKey(c => c.LeaderMemberId).OnDelete(DeleteBehavior.SetNull);
        // Village lists are keyset pages in id order: one index answers both the filter and the order.
        e.HasIndex(c => new { c.VillageCode, c.Id });
        e.HasIndex(c => c.Geometry).HasMethod("gist");
        e.HasIndex(c => c.UpdatedAt);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_grid_cells_geometry_valid", "ST_IsValid(geometry) AND NOT ST_IsEmpty(geometry)");
            t.HasCheckConstraint("ck_grid_cells_version", "version > 0");
        });
        e.CheckEnum<GridCell, DataSource>("grid_cells", "source");
    }
}

internal sealed class HouseholdConfiguration : IEntityTypeConfiguration<Household>
{
    public void Configure(EntityTypeBuilder<Household> e)
    {
        e.ToTable("households");
        e.Property(h => h.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(h => h.HeadName).HasMaxLength(Household.MaxHeadNameLength);
        e.Property(h => h.IdNumber).HasMaxLength(18);
        e.Property(h => h.Phone).HasMaxLength(20);
        e.Property(h => h.Address).HasMaxLength(Household.MaxAddressLength);
        e.Property(h => h.HouseholdNo).HasMaxLength(Household.MaxHouseholdNoLength);
        e.Property(h => h.EndReason).HasMaxLength(Household.MaxEndReasonLength);
        e.Property(h => h.PovertyStatus).AsText();
        e.Property(h => h.Assistance).AsText();
        e.Property(h => h.Source).AsText();
        e.Property(h => h.Location).HasColumnType("geometry(Point,4326)");
        e.HasOne<Area>().WithMany().HasForeignKey(h => h.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<VillageGroup>().WithMany().HasForeignKey(h => h.GroupId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<GridCell>().WithMany().HasForeignKey(h => h.CellId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(h => new { h.VillageCode, h.Id });
        // 户编号 is the import's key: unique among a village's active households (households entered by hand
        // may have none); after 注销 the number may be given to another household, the ended one keeps it in history.
        e.HasIndex(h => new { h.VillageCode, h.HouseholdNo }).IsUnique().HasFilter("household_no IS NOT NULL AND ended_at IS NULL");
        e.HasIndex(h => h.CellId);
        e.HasIndex(h => h.GroupId);
        e.HasIndex(h => h.Location).HasMethod("gist");
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_households_size", "size BETWEEN 1 AND 30");
            t.HasCheckConstraint("ck_households_id_number", "id_number IS NULL OR id_number ~ '^[0-9]{17}[0-9X]$'");
            // 注销 always says why (as an ended link does).
            t.HasCheckConstraint("ck_households_end_reason", "ended_at IS NULL OR end_reason IS NOT NULL");
        });
        e.CheckEnum<Household, PovertyStatus>("households", "poverty_status");
        e.CheckEnum<Household, SocialAssistance>("households", "assistance");
        e.CheckEnum<Household, DataSource>("households", "source");
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("people");
        e.Property(p => p.Name).HasMaxLength(Person.MaxNameLength);
        e.Property(p => p.IdNumber).HasMaxLength(18);
        e.Property(p => p.Phone).HasMaxLength(20);
        e.Property(p => p.Gender).AsText();
        e.Property(p => p.Source).AsText();
        e.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.SetNull);
        e.HasIndex(p => p.HouseholdId);
        e.HasIndex(p => p.IdNumber); // a member import finds people by ID number
        e.ToTable(t => t.HasCheckConstraint("ck_people_id_number", "id_number IS NULL OR id_number ~ '^[0-9]{17}[0-9X]$'"));
        e.CheckEnum<Person, Gender>("people", "gender");
        e.CheckEnum<Person, DataSource>("people", "source");
    }
}

internal sealed class PartyMemberConfiguration : IEntityTypeConfiguration<PartyMember>
{
    public void Configure(EntityTypeBuilder<PartyMember> e)
    {
        e.ToTable("party_members");
        e.Property(m => m.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(m => m.Status).AsText();
        e.Property(m => m.Home).HasColumnType("geometry(Point,4326)");
        e.HasOne(m => m.Person).WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => m.PersonId).IsUnique();
        e.HasOne<PartyBranch>().WithMany().HasForeignKey(m => m.BranchId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Area>().WithMany().HasForeignKey(m => m.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(m => m.BranchId);
        e.HasIndex(m => new { m.VillageCode, m.Id });
        e.HasIndex(m => m.Home).HasMethod("gist");
        e.ToTable(t => t.HasCheckConstraint("ck_party_members_capacity", "capacity IS NULL OR capacity BETWEEN 0 AND 100"));
        e.CheckEnum<PartyMember, MemberStatus>("party_members", "status");
    }
}

internal sealed class CadreConfiguration : IEntityTypeConfiguration<Cadre>
{
    public void Configure(EntityTypeBuilder<Cadre> e)
    {
        e.ToTable("cadres");
        e.Property(c => c.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(c => c.Kind).AsText();
        e.Property(c => c.Rank).HasConversion(new ValueConverter<GridGov.Domain.Cadres.CadreRank, string>(
            v => EnumText.Value(v), s => EnumText.Parse<GridGov.Domain.Cadres.CadreRank>(s))).HasMaxLength(32);
        e.HasOne<Person>().WithMany().HasForeignKey(c => c.PersonId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Area>().WithMany().HasForeignKey(c => c.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(c => c.VillageCode);
        e.ToTable(t => t.HasCheckConstraint("ck_cadres_period", "assigned_to IS NULL OR assigned_to >= assigned_from"));
        e.CheckEnum<Cadre, CadreKind>("cadres", "kind");
        e.CheckEnum<Cadre, GridGov.Domain.Cadres.CadreRank>("cadres", "rank");
    }
}
