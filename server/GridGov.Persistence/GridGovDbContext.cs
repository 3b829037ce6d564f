using System.Text;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Persistence;

public class GridGovDbContext(DbContextOptions<GridGovDbContext> options) : DbContext(options)
{
    public DbSet<Area> Areas => Set<Area>();
    public DbSet<VillageGroup> VillageGroups => Set<VillageGroup>();
    public DbSet<PartyBranch> PartyBranches => Set<PartyBranch>();
    public DbSet<GridCell> GridCells => Set<GridCell>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<PartyMember> PartyMembers => Set<PartyMember>();
    public DbSet<Cadre> Cadres => Set<Cadre>();
    public DbSet<Domain.Cadres.CadrePosting> CadrePostings => Set<Domain.Cadres.CadrePosting>();
    public DbSet<Tie> Ties => Set<Tie>();
    public DbSet<Link> Links => Set<Link>();
    public DbSet<LinkProposal> LinkProposals => Set<LinkProposal>();
    public DbSet<LinkJob> LinkJobs => Set<LinkJob>();
    public DbSet<LinkSettingsRecord> LinkSettings => Set<LinkSettingsRecord>();
    public DbSet<Declaration> Declarations => Set<Declaration>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<DeclarationPhoto> DeclarationPhotos => Set<DeclarationPhoto>();
    public DbSet<MemberRating> MemberRatings => Set<MemberRating>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<Domain.Cadres.WorkLogEntry> WorkLogEntries => Set<Domain.Cadres.WorkLogEntry>();
    public DbSet<Domain.Cadres.CadreSettings> CadreSettings => Set<Domain.Cadres.CadreSettings>();
    public DbSet<Domain.Cadres.CheckInPhoto> CheckInPhotos => Set<Domain.Cadres.CheckInPhoto>();
    public DbSet<Domain.Assessment.CadreWeights> CadreWeights => Set<Domain.Assessment.CadreWeights>();
    public DbSet<Domain.Assessment.CadreManualScore> CadreManualScores => Set<Domain.Assessment.CadreManualScore>();
    public DbSet<Domain.Assessment.ClosedQuarter> ClosedQuarters => Set<Domain.Assessment.ClosedQuarter>();
    public DbSet<Domain.Assessment.TownshipQuarterResult> TownshipQuarterResults => Set<Domain.Assessment.TownshipQuarterResult>();
    public DbSet<Domain.Assessment.CadreQuarterResult> CadreQuarterResults => Set<Domain.Assessment.CadreQuarterResult>();
    public DbSet<Domain.Assessment.MonthlyDispatch> MonthlyDispatches => Set<Domain.Assessment.MonthlyDispatch>();
    public DbSet<Domain.Pairing.CadrePairing> CadrePairings => Set<Domain.Pairing.CadrePairing>();
    public DbSet<Domain.Pairing.PairingProposal> PairingProposals => Set<Domain.Pairing.PairingProposal>();
    public DbSet<Domain.Pairing.PairingCountySettings> PairingSettings => Set<Domain.Pairing.PairingCountySettings>();
    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<Domain.Import.ImportRun> ImportRuns => Set<Domain.Import.ImportRun>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.HasPostgresExtension("postgis");
        // btree_gist lets one exclusion constraint forbid overlapping link periods per household.
        b.HasPostgresExtension("btree_gist");
        b.ApplyConfigurationsFromAssembly(typeof(GridGovDbContext).Assembly);
        ApplySnakeCase(b);
    }

    /// <summary>PostgreSQL convention: snake_case tables and columns, so raw SQL reads naturally.</summary>
    private static void ApplySnakeCase(ModelBuilder b)
    {
        foreach (var entity in b.Model.GetEntityTypes())
        {
            foreach (var p in entity.GetProperties())
                if (p.GetColumnName() == p.Name) p.SetColumnName(SnakeCase(p.Name));
            foreach (var k in entity.GetKeys()) k.SetName(SnakeCase(k.GetName()!));
            foreach (var fk in entity.GetForeignKeys()) fk.SetConstraintName(SnakeCase(fk.GetConstraintName()!));
            foreach (var ix in entity.GetIndexes()) ix.SetDatabaseName(SnakeCase(ix.GetDatabaseName()!));
        }
    }

    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                    (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                    sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
