using GraphQL.Types;
using GridGov.Api.Cadres;
using GridGov.Api.Linking;
using GridGov.Domain.Cadres;
using GridGov.Domain.Pairing;
using GridGov.Persistence.Pairing;

namespace GridGov.Api.Pairing;

/// <summary>A pairing with the names a reader needs (cadre, household head).</summary>
public sealed record PairingRow(CadrePairing Pairing, string CadreName, CadreRank? CadreRank, string HeadName);

public sealed class CadrePairingType : ObjectGraphType<PairingRow>
{
    public CadrePairingType()
    {
        Name = "CadrePairing";
        Description = "结对帮扶: a cadre in charge of a poor, lifted-out or monitored household; ended pairings are the history.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Pairing.Id);
        Field<NonNullGraphType<IdGraphType>>("cadreId").Resolve(c => c.Source.Pairing.CadreId);
        Field<NonNullGraphType<StringGraphType>>("cadreName").Resolve(c => c.Source.CadreName);
        Field<CadreRankEnum>("cadreRank").Resolve(c => c.Source.CadreRank);
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.Pairing.HouseholdId);
        Field<NonNullGraphType<StringGraphType>>("headName").Resolve(c => c.Source.HeadName);
        Field<NonNullGraphType<StringGraphType>>("villageCode").Resolve(c => c.Source.Pairing.VillageCode);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("validFrom").Resolve(c => c.Source.Pairing.ValidFrom);
        Field<DateTimeOffsetGraphType>("validTo").Resolve(c => c.Source.Pairing.ValidTo);
        Field<StringGraphType>("createdBy").Resolve(c => c.Source.Pairing.CreatedBy);
        Field<StringGraphType>("endedBy").Resolve(c => c.Source.Pairing.EndedBy);
        Field<StringGraphType>("endReason").Resolve(c => c.Source.Pairing.EndReason);
        Field<IdGraphType>("proposalId").Description("The proposal that made it; null when paired by hand.").Resolve(c => c.Source.Pairing.ProposalId);
    }
}

public sealed class UnpairedReasonEnum : EnumerationGraphType<UnpairedReason>
{
    public UnpairedReasonEnum()
    {
        Name = "UnpairedReason";
        Description = "NO_CADRE: no cadre with a quota serves the village; QUOTAS_FULL: the cadres' 「64321」 quotas are used up.";
    }
}

public sealed class PairingChangeType : ObjectGraphType<PairingProposalChange>
{
    public PairingChangeType()
    {
        Name = "PairingChange";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        Field(c => c.VillageCode);
        Field<IdGraphType>("fromCadreId").Resolve(c => c.Source.FromCadreId);
        Field<IdGraphType>("toCadreId").Resolve(c => c.Source.ToCadreId);
        Field<NonNullGraphType<LinkChangeEnum>>("change").Resolve(c => c.Source.Kind);
        Field<FloatGraphType>("distanceMeters").Description("Metres from the house to the cadre's anchor (docs/pairing.md).")
            .Resolve(c => c.Source.DistanceMeters);
    }
}

public sealed class UnpairedHouseholdType : ObjectGraphType<PairingProposalUnpaired>
{
    public UnpairedHouseholdType()
    {
        Name = "UnpairedHousehold";
        Field<NonNullGraphType<IdGraphType>>("householdId").Resolve(c => c.Source.HouseholdId);
        Field(c => c.VillageCode);
        Field<NonNullGraphType<UnpairedReasonEnum>>("reason").Resolve(c => c.Source.Reason);
    }
}

public sealed class PairingProposalType : ObjectGraphType<PairingProposal>
{
    public PairingProposalType()
    {
        Name = "PairingProposal";
        Description = "A pairing-engine result for an area: nothing changes until applyPairingProposal.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field(p => p.AreaCode);
        Field<NonNullGraphType<ProposalStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
        Field<DateTimeOffsetGraphType>("appliedAt").Resolve(c => c.Source.AppliedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PairingChangeType>>>>("changes")
            .Description("One row per household that is or would be paired: KEPT, ADDED, MOVED or REMOVED.")
            .Resolve(c => PairingService.Document(c.Source).Changes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnpairedHouseholdType>>>>("unpaired")
            .Description("Poor households the proposal leaves without a pairing cadre, with the reason; never silently dropped.")
            .Resolve(c => PairingService.Document(c.Source).Unpaired);
    }
}

public sealed record PairingSettingsView(string CountyCode, PairingSettings Settings);

public sealed class PairingSettingsType : ObjectGraphType<PairingSettingsView>
{
    public PairingSettingsType()
    {
        Name = "PairingSettings";
        Field(s => s.CountyCode);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("quotas")
            .Description("Households per cadre: 县级, 科级, 一般干部, 村干部, 职级未填 (default 6, 4, 3, 2, 1).")
            .Resolve(c => c.Source.Settings.Quotas.ToArray());
        Field<NonNullGraphType<StringGraphType>>("quotasText").Description("As the policy writes them, e.g. 64321.")
            .Resolve(c => c.Source.Settings.Quotas.ToString());
        Field<NonNullGraphType<FloatGraphType>>("perKm").Resolve(c => c.Source.Settings.PerKm);
        Field<NonNullGraphType<FloatGraphType>>("keep").Resolve(c => c.Source.Settings.Keep);
    }
}
