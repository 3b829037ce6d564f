using GridGov.Domain.Areas;
using GridGov.Domain.Assessment;
using GridGov.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GridGov.Persistence.Configurations;

internal sealed class CadreWeightsConfiguration : IEntityTypeConfiguration<CadreWeights>
{
    public void Configure(EntityTypeBuilder<CadreWeights> e)
    {
        e.ToTable("cadre_ranking_weights");
        e.HasKey(w => w.CountyCode);
        e.Property(w => w.CountyCode).HasMaxLength(12).IsFixedLength();
        e.Ignore(w => w.ByPart);
        e.Ignore(w => w.Valid);
        e.HasOne<Area>().WithMany().HasForeignKey(w => w.CountyCode).OnDelete(DeleteBehavior.Cascade);
        e.ToTable(t => t.HasCheckConstraint("ck_cadre_ranking_weights_sum",
            "check_in + work_log + coverage + contact + pairing_visits + manual = 100 AND " +
            "least(check_in, work_log, coverage, contact, pairing_visits, manual) >= 0"));
    }
}

internal sealed class CadreManualScoreConfiguration : IEntityTypeConfiguration<CadreManualScore>
{
    public void Configure(EntityTypeBuilder<CadreManualScore> e)
    {
        e.ToTable("cadre_manual_scores");
        e.Property(s => s.Note).HasMaxLength(CadreManualScore.MaxNoteLength);
        e.Property(s => s.EnteredBy).HasMaxLength(100);
        e.HasOne<Cadre>().WithMany().HasForeignKey(s => s.CadreId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(s => new { s.CadreId, s.Quarter }).IsUnique();
        e.ToTable(t => t.HasCheckConstraint("ck_cadre_manual_scores_score", "score BETWEEN 0 AND 100"));
    }
}

internal sealed class ClosedQuarterConfiguration : IEntityTypeConfiguration<ClosedQuarter>
{
    public void Configure(EntityTypeBuilder<ClosedQuarter> e)
    {
        e.ToTable("closed_quarters");
        e.HasKey(q => new { q.CountyCode, q.Quarter });
        e.Property(q => q.CountyCode).HasMaxLength(12).IsFixedLength();
        e.Property(q => q.ClosedBy).HasMaxLength(100);
        e.HasOne<Area>().WithMany().HasForeignKey(q => q.CountyCode).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TownshipQuarterResultConfiguration : IEntityTypeConfiguration<TownshipQuarterResult>
{
    public void Configure(EntityTypeBuilder<TownshipQuarterResult> e)
    {
        e.ToTable("township_quarter_results");
        e.HasKey(r => new { r.CountyCode, r.Quarter, r.TownshipCode });
        e.Property(r => r.CountyCode).HasMaxLength(12).IsFixedLength();
        e.Property(r => r.TownshipCode).HasMaxLength(12).IsFixedLength();
        e.HasOne<ClosedQuarter>().WithMany().HasForeignKey(r => new { r.CountyCode, r.Quarter }).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Area>().WithMany().HasForeignKey(r => r.TownshipCode).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CadreQuarterResultConfiguration : IEntityTypeConfiguration<CadreQuarterResult>
{
    public void Configure(EntityTypeBuilder<CadreQuarterResult> e)
    {
        e.ToTable("cadre_quarter_results");
        e.HasKey(r => new { r.CountyCode, r.Quarter, r.CadreId });
        e.Property(r => r.CountyCode).HasMaxLength(12).IsFixedLength();
        e.Property(r => r.Grade).AsText();
        e.CheckEnum<CadreQuarterResult, CadreGrade>("cadre_quarter_results", "grade");
        e.HasOne<ClosedQuarter>().WithMany().HasForeignKey(r => new { r.CountyCode, r.Quarter }).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Cadre>().WithMany().HasForeignKey(r => r.CadreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MonthlyDispatchConfiguration : IEntityTypeConfiguration<MonthlyDispatch>
{
    public void Configure(EntityTypeBuilder<MonthlyDispatch> e)
    {
        e.ToTable("monthly_dispatches");
        e.Property(d => d.TownshipCode).HasMaxLength(12).IsFixedLength();
        e.Property(d => d.Notes).HasMaxLength(MonthlyDispatch.MaxTextLength);
        e.Property(d => d.FollowUps).HasMaxLength(MonthlyDispatch.MaxTextLength);
        e.Property(d => d.CreatedBy).HasMaxLength(100);
        e.HasOne<Area>().WithMany().HasForeignKey(d => d.TownshipCode).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(d => new { d.TownshipCode, d.Date });
        e.ToTable(t => t.HasCheckConstraint("ck_monthly_dispatches_notes", "length(btrim(notes)) > 0"));
    }
}
