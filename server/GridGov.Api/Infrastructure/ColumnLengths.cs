using GridGov.Domain.Cells;
using GridGov.Domain.Households;
using GridGov.Domain.Links;
using GridGov.Domain.Members;
using GridGov.Domain.Monthly;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Infrastructure;

/// <summary>
/// The longest text each stored input may carry, read from the EF model — the columns' one home —
/// so a too-long value is refused at the edge with the field's name and limit, before any work,
/// instead of as the database's nameless refusal mid-transaction. Every text input of a mutation is
/// either mapped to its column here or listed in <see cref="NotStored"/> (a test walks the schema),
/// so a new input cannot slip past both.
/// </summary>
public sealed class ColumnLengths
{
    /// <summary>GraphQL coordinate ("InputType.field" or "Mutation.field.argument") → the column it is stored in, and its label.</summary>
    internal static readonly IReadOnlyDictionary<string, Column> Columns = new Dictionary<string, Column>(StringComparer.Ordinal)
    {
        ["CreateGridCellInput.name"] = Col<GridCell>(nameof(GridCell.Name), "CellName"),
        ["UpdateGridCellInput.name"] = Col<GridCell>(nameof(GridCell.Name), "CellName"),
        ["Mutation.mergeGridCells.name"] = Col<GridCell>(nameof(GridCell.Name), "CellName"),
        ["Mutation.splitGridCell.newName"] = Col<GridCell>(nameof(GridCell.Name), "CellName"),
        ["CreateHouseholdInput.householdNo"] = Col<Household>(nameof(Household.HouseholdNo), "HouseholdNo"),
        ["CreateHouseholdInput.headName"] = Col<Household>(nameof(Household.HeadName), "HeadName"),
        ["CreateHouseholdInput.idNumber"] = Col<Household>(nameof(Household.IdNumber), "IdNumber"),
        ["CreateHouseholdInput.phone"] = Col<Household>(nameof(Household.Phone), "Phone"),
        ["CreateHouseholdInput.address"] = Col<Household>(nameof(Household.Address), "Address"),
        ["UpdateHouseholdInput.householdNo"] = Col<Household>(nameof(Household.HouseholdNo), "HouseholdNo"),
        ["UpdateHouseholdInput.headName"] = Col<Household>(nameof(Household.HeadName), "HeadName"),
        ["UpdateHouseholdInput.idNumber"] = Col<Household>(nameof(Household.IdNumber), "IdNumber"),
        ["UpdateHouseholdInput.phone"] = Col<Household>(nameof(Household.Phone), "Phone"),
        ["UpdateHouseholdInput.address"] = Col<Household>(nameof(Household.Address), "Address"),
        ["SplitHouseholdInput.householdNo"] = Col<Household>(nameof(Household.HouseholdNo), "HouseholdNo"),
        ["SplitHouseholdInput.headName"] = Col<Household>(nameof(Household.HeadName), "HeadName"),
        ["Mutation.endHousehold.reason"] = Col<Household>(nameof(Household.EndReason), "EndReason"),
        ["AddMemberInput.name"] = Col<Person>(nameof(Person.Name), "MemberName"),
        ["AddMemberInput.idNumber"] = Col<Person>(nameof(Person.IdNumber), "IdNumber"),
        ["AddMemberInput.phone"] = Col<Person>(nameof(Person.Phone), "Phone"),
        ["UpdateMemberInput.phone"] = Col<Person>(nameof(Person.Phone), "Phone"),
        ["Mutation.linkHousehold.reason"] = Col<Link>(nameof(Link.EndReason), "LinkEndReason"),
        ["Mutation.unlinkHousehold.reason"] = Col<Link>(nameof(Link.EndReason), "LinkEndReason"),
        ["Mutation.addTie.relation"] = Col<Tie>(nameof(Tie.Relation), "TieRelation"),
        ["Mutation.addTie.note"] = Col<Tie>(nameof(Tie.Note), "TieNote"),
        ["DeclarationInput.text"] = Col<Declaration>(nameof(Declaration.Text), "DeclarationText"),
        ["Mutation.reviewDeclaration.reason"] = Col<Review>(nameof(Review.Reason), "ReviewReason"),
        ["WorkLogInput.text"] = Col<Domain.Cadres.WorkLogEntry>(nameof(Domain.Cadres.WorkLogEntry.Text), "WorkLogText"),
        ["Mutation.fillGridGap.name"] = Col<GridCell>(nameof(GridCell.Name), "CellName"),
        ["Mutation.unpairHousehold.reason"] = Col<Domain.Pairing.CadrePairing>(nameof(Domain.Pairing.CadrePairing.EndReason), "PairingEndReason"),
        ["Mutation.setCadreManualScore.note"] = Col<Domain.Assessment.CadreManualScore>(nameof(Domain.Assessment.CadreManualScore.Note), "ManualScoreNote"),
        ["MonthlyDispatchInput.notes"] = Col<Domain.Assessment.MonthlyDispatch>(nameof(Domain.Assessment.MonthlyDispatch.Notes), "DispatchNotes"),
        ["MonthlyDispatchInput.followUps"] = Col<Domain.Assessment.MonthlyDispatch>(nameof(Domain.Assessment.MonthlyDispatch.FollowUps), "DispatchFollowUps"),
        ["CreateCadreInput.name"] = Col<Person>(nameof(Person.Name), "CadreName"),
        ["CreateCadreInput.phone"] = Col<Person>(nameof(Person.Phone), "Phone"),
        ["CreateCadreInput.username"] = Col<Domain.Access.User>(nameof(Domain.Access.User.Username), "Username"),
    };

    /// <summary>Text inputs not stored as typed: codes, months and UUIDs, each checked as what it is.</summary>
    internal static readonly IReadOnlySet<string> NotStored = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateGridCellInput.villageCode", "UpdateGridCellInput.villageCode", "CreateHouseholdInput.villageCode",
        "AddMemberInput.villageCode", "Mutation.moveMember.villageCode", "Mutation.proposeLinks.villageCode",
        "Mutation.startLinkJob.areaCode", "Mutation.rateMember.month", "Mutation.withdrawRating.month",
        // A UUID, parsed (uuid column).
        "DeclarationInput.clientId", "Mutation.checkIn.clientId", "WorkLogInput.clientId", "Mutation.setCadreRequiredDays.countyCode",
        "Mutation.fillGridGap.villageCode", "Mutation.undoEdit.villageCode", "Mutation.redoEdit.villageCode",
        "Mutation.proposePairings.areaCode", "Mutation.setPairingSettings.countyCode", "Mutation.setCadreWeights.countyCode",
        "MonthlyDispatchInput.townshipCode", "CreateCadreInput.villageCode", "Mutation.postCadre.villageCode", "Mutation.endCadrePosting.villageCode",
        // Quarters ("2026Q3"), parsed and checked as quarters.
        "Mutation.closeAssessmentQuarter.quarter", "Mutation.setCadreManualScore.quarter",
    };

    internal sealed record Column(Type Entity, string Property, string Label);

    private static Column Col<T>(string property, string label) => new(typeof(T), property, label);

    private readonly Dictionary<string, (int Max, string Label)> _limits;

    public ColumnLengths(IDbContextFactory<GridGovDbContext> contexts)
    {
        // Creating a context reads the model; it does not connect.
        using var db = contexts.CreateDbContext();
        _limits = Columns.ToDictionary(c => c.Key, c =>
        {
            var property = db.Model.FindEntityType(c.Value.Entity)?.FindProperty(c.Value.Property)
                ?? throw new InvalidOperationException($"{c.Key}: {c.Value.Entity.Name}.{c.Value.Property} is not in the model.");
            var max = property.GetMaxLength()
                ?? throw new InvalidOperationException($"{c.Key}: {c.Value.Entity.Name}.{c.Value.Property} has no maximum length.");
            return (max, c.Value.Label);
        }, StringComparer.Ordinal);
    }

    /// <summary>The column limit and label of a stored text input, or null for one that is not mapped.</summary>
    public (int Max, string Label)? For(string coordinate) => _limits.TryGetValue(coordinate, out var l) ? l : null;

    /// <summary>Length as PostgreSQL's varchar counts it: characters (code points), not UTF-16 units.</summary>
    public static int Characters(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }
}
