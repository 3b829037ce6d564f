using GridGov.Domain.Areas;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Pairing;
using GridGov.Persistence.Configurations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Pairing;

internal sealed class CadrePairingConfiguration : IEntityTypeConfiguration<CadrePairing>
{
    public void Configure(EntityTypeBuilder<CadrePairing> e)
    {
        e.ToTable("cadre_pairings");
        e.Property(p => p.VillageCode).HasMaxLength(12).IsFixedLength();
        e.Property(p => p.CreatedBy).HasMaxLength(100);
        e.Property(p => p.EndedBy).HasMaxLength(100);
        e.Property(p => p.EndReason).HasMaxLength(CadrePairing.MaxReasonLength);
        e.HasOne<Cadre>().WithMany().HasForeignKey(p => p.CadreId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Household>().WithMany().HasForeignKey(p => p.HouseholdId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Area>().WithMany().HasForeignKey(p => p.VillageCode).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<PairingProposal>().WithMany().HasForeignKey(p => p.ProposalId).OnDelete(DeleteBehavior.SetNull);
        // One pairing cadre per household at a time.
        e.HasIndex(p => p.HouseholdId).IsUnique().HasFilter("valid_to IS NULL").HasDatabaseName("ux_cadre_pairings_current_household");
        e.HasIndex(p => new { p.CadreId, p.ValidTo });
        e.HasIndex(p => new { p.VillageCode, p.ValidTo });
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_cadre_pairings_period", "valid_to IS NULL OR valid_to > valid_from");
            t.HasCheckConstraint("ck_cadre_pairings_ended_by", "valid_to IS NULL OR ended_by IS NOT NULL");
        });
    }
}

internal sealed class PairingProposalConfiguration : IEntityTypeConfiguration<PairingProposal>
{
    public void Configure(EntityTypeBuilder<PairingProposal> e)
    {
        e.ToTable("pairing_proposals");
        e.Property(p => p.AreaCode).HasMaxLength(12).IsFixedLength();
        e.Property(p => p.Status).AsText();
        e.Property(p => p.SettingsJson).HasColumnType("jsonb");
        e.Property(p => p.ResultJson).HasColumnType("jsonb");
        e.Property(p => p.BaseFingerprint).HasMaxLength(64);
        e.Property(p => p.CreatedBy).HasMaxLength(100);
        e.HasOne<Area>().WithMany().HasForeignKey(p => p.AreaCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(p => new { p.AreaCode, p.CreatedAt });
        e.CheckEnum<PairingProposal, ProposalStatus>("pairing_proposals", "status");
    }
}

internal sealed class PairingCountySettingsConfiguration : IEntityTypeConfiguration<PairingCountySettings>
{
    public void Configure(EntityTypeBuilder<PairingCountySettings> e)
    {
        e.ToTable("pairing_settings");
        e.HasKey(s => s.CountyCode);
        e.Property(s => s.CountyCode).HasMaxLength(12).IsFixedLength();
        e.HasOne<Area>().WithMany().HasForeignKey(s => s.CountyCode).OnDelete(DeleteBehavior.Cascade);
        e.ToTable(t =>
        {
            t.HasCheckConstraint("ck_pairing_settings_quotas", $"cardinality(quotas) = 5 AND 0 <= ALL(quotas) AND {PairingQuotas.MaxQuota} >= ALL(quotas)");
            t.HasCheckConstraint("ck_pairing_settings_weights", "per_km >= 0 AND per_km <= 100 AND keep >= 0 AND keep <= 100");
        });
    }
}
