using GridGov.Persistence.Linking;
using GraphQL;
using GraphQL.Types;
using GridGov.Api.Areas;
using GridGov.Api.Households;
using GridGov.Api.Infrastructure;
using GridGov.Api.Links;
using GridGov.Api.Members;
using GridGov.Api.Resources;
using GridGov.Domain.Linking;
using GridGov.Domain.Links;

namespace GridGov.Api.Linking;

public sealed class LinkWeightsInputType : InputObjectGraphType<LinkingWeights>
{
    public LinkWeightsInputType()
    {
        Name = "LinkWeightsInput";
        Description = "Score points: per tie kind, per km of distance, for changing a household's member, and the fraction an inferred tie counts.";
        Field(w => w.Blood, nullable: true);
        Field(w => w.Marriage, nullable: true);
        Field(w => w.Social, nullable: true);
        Field(w => w.PerKm, nullable: true);
        Field(w => w.Change, nullable: true);
        Field(w => w.Inferred, nullable: true);
    }

    // Kept as given: LinkSettingsInputType.Apply must see which weights were sent (a parsed LinkingWeights had them silently ignored).
    public override object ParseDictionary(IDictionary<string, object?> value) => value;
}

public sealed class LinkSettingsInputType : InputObjectGraphType
{
    public LinkSettingsInputType()
    {
        Name = "LinkSettingsInput";
        Description = "Overrides of the county's linking settings for one run; omitted fields keep the county's values.";
        Field<FloatGraphType>("maxDistanceMeters");
        Field<IntGraphType>("defaultCapacity");
        Field<IntGraphType>("migrantCapacity");
        Field<IntGraphType>("reducedCapacity").Description("Capacity of elderly or sick members without their own.");
        Field<LinkWeightsInputType>("weights");
    }

    /// <summary>Applies the given overrides, validating each (a secretary sees which one is wrong).</summary>
    public static LinkingSettings Apply(LinkingSettings s, Dictionary<string, object?>? input)
    {
        if (input is null) return s;
        double Num(string name, double current, double max)
        {
            if (input.GetValueOrDefault(name) is not { } v) return current;
            var d = Convert.ToDouble(v);
            if (!double.IsFinite(d) || d < 0 || d > max)
                throw GridGovError.Invalid(Messages.SettingOutOfRange(name, max));
            return d;
        }
        s = s with
        {
            MaxDistanceMeters = Num("maxDistanceMeters", s.MaxDistanceMeters, 50_000),
            DefaultCapacity = (int)Num("defaultCapacity", s.DefaultCapacity, 100),
            MigrantCapacity = (int)Num("migrantCapacity", s.MigrantCapacity, 100),
            ReducedCapacity = (int)Num("reducedCapacity", s.ReducedCapacity, 100),
        };
        if (input.GetValueOrDefault("weights") is IDictionary<string, object?> w)
        {
            double W(string name, double current) => w.TryGetValue(name, out var v) && v is not null
                ? (Convert.ToDouble(v) is var d && double.IsFinite(d) && d >= 0 && d <= LinkingWeights.MaxOf(name) ? d
                    : throw GridGovError.Invalid(Messages.WeightOutOfRange(name, LinkingWeights.MaxOf(name))))
                : current;
            s = s with
            {
                Weights = new LinkingWeights
                {
                    Blood = W("blood", s.Weights.Blood), Marriage = W("marriage", s.Weights.Marriage), Social = W("social", s.Weights.Social),
                    PerKm = W("perKm", s.Weights.PerKm), Change = W("change", s.Weights.Change), Inferred = W("inferred", s.Weights.Inferred),
                },
            };
        }
        return s;
    }
}

public sealed class LinkWeightsType : ObjectGraphType<LinkingWeights>
{
    public LinkWeightsType()
    {
        Name = "LinkWeights";
        Field(w => w.Blood);
        Field(w => w.Marriage);
        Field(w => w.Social);
        Field(w => w.PerKm);
        Field(w => w.Change);
        Field(w => w.Inferred);
    }
}

public sealed class LinkSettingsType : ObjectGraphType<LinkingSettings>
{
    public LinkSettingsType()
    {
        Name = "LinkSettings";
        Description = "The settings a proposal was made with.";
        Field(s => s.MaxDistanceMeters);
        Field(s => s.DefaultCapacity);
        Field(s => s.MigrantCapacity);
        Field(s => s.ReducedCapacity);
        Field<NonNullGraphType<LinkWeightsType>>("weights").Resolve(c => c.Source.Weights);
    }
}

public sealed class LinkChangeEnum : EnumerationGraphType<LinkChangeKind>
{
    public LinkChangeEnum()
    {
        Name = "LinkChange";
        Description = "What a proposal does to a household's link: KEPT, ADDED (was unlinked), MOVED (to another member), REMOVED.";
    }
}

public sealed class UnlinkedReasonEnum : EnumerationGraphType<UnlinkedReason>
{
    public UnlinkedReasonEnum() { Name = "UnlinkedReason"; }
}

public sealed class ProposedLinkType : ObjectGraphType<ProposalLink>
{
    public ProposedLinkType()
    {
        Name = "ProposedLink";
        Description = "One link of a proposal, explained: score = tieScore − distancePenalty − changePenalty.";
        Field<NonNullGraphType<PartyMemberType>>("member").Resolve(ctx => MemberLoaders.Member(ctx, ctx.Source.MemberId));
        Field<NonNullGraphType<HouseholdType>>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
        Field<PartyMemberType>("fromMember").Description("The member the household had before, when it moves.")
            .Resolve(ctx => ctx.Source.FromMemberId is { } id ? MemberLoaders.Member(ctx, id) : null);
        Field<NonNullGraphType<LinkBasisEnum>>("basis").Resolve(c => c.Source.Basis);
        Field<NonNullGraphType<LinkChangeEnum>>("change").Resolve(c => c.Source.Change);
        Field(l => l.DistanceMeters);
        Field(l => l.Score);
        Field(l => l.TieScore);
        Field(l => l.DistancePenalty);
        Field(l => l.ChangePenalty);
        Field(l => l.Locked);
        Field(l => l.Relation, nullable: true).Description("e.g. 堂兄.");
        Field(l => l.Explanation).Description("e.g. 血缘: 堂兄 · 320 m.");
        this.AddGeometry(l => l.Line(), "A line from the member's home to the house, for the map.");
    }
}

public sealed class UnlinkedHouseholdType : ObjectGraphType<ProposalUnlinked>
{
    public UnlinkedHouseholdType()
    {
        Name = "UnlinkedHousehold";
        Field<NonNullGraphType<HouseholdType>>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
        Field<NonNullGraphType<UnlinkedReasonEnum>>("reason").Resolve(c => c.Source.Reason);
        Field<NonNullGraphType<StringGraphType>>("reasonText").Resolve(c => LinkWording.ReasonZh(c.Source.Reason));
    }
}

public sealed class RemovedLinkType : ObjectGraphType<ProposalRemoval>
{
    public RemovedLinkType()
    {
        Name = "RemovedLink";
        Description = "A current link the proposal ends without a replacement.";
        Field<NonNullGraphType<HouseholdType>>("household").Resolve(ctx => HouseholdLoaders.Household(ctx, ctx.Source.HouseholdId));
        Field<NonNullGraphType<PartyMemberType>>("fromMember").Resolve(ctx => MemberLoaders.Member(ctx, ctx.Source.FromMemberId));
    }
}

public sealed class MemberDeltaType : ObjectGraphType<MemberDelta>
{
    public MemberDeltaType()
    {
        Name = "MemberChange";
        Description = "Per member: households before and after the proposal, gained and lost.";
        Field<NonNullGraphType<PartyMemberType>>("member").Resolve(ctx => MemberLoaders.Member(ctx, long.Parse(ctx.Source.MemberId)));
        Field(d => d.Before);
        Field(d => d.After);
        Field(d => d.Gained);
        Field(d => d.Lost);
    }
}

public sealed class ProposalStatusEnum : EnumerationGraphType<ProposalStatus>
{
    public ProposalStatusEnum() { Name = "ProposalStatus"; }
}

public sealed class LinkProposalType : ObjectGraphType<LinkProposal>
{
    public LinkProposalType()
    {
        Name = "LinkProposal";
        Description = "A linking-engine result for one village: nothing changes until the village's secretary applies it.";
        Field(p => p.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field<NonNullGraphType<VillageType>>("village").Resolve(ctx => AreaLoaders.Area(ctx, ctx.Source.VillageCode));
        Field<NonNullGraphType<ProposalStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("village, or transfer (a member leaves).")
            .Resolve(c => ProposalService.Document(c.Source).Kind);
        Field<PartyMemberType>("leavingMember").Resolve(ctx =>
            ProposalService.Document(ctx.Source).LeavingMemberId is { } id ? MemberLoaders.Member(ctx, id) : null);
        Field(p => p.CreatedAt);
        Field(p => p.CreatedBy, nullable: true);
        Field(p => p.AppliedAt, nullable: true);
        Field<NonNullGraphType<LinkSettingsType>>("settings").Resolve(c => ProposalService.Settings(c.Source));
        Field<NonNullGraphType<IntGraphType>>("households").Resolve(c => ProposalService.Document(c.Source).Households);
        Field<NonNullGraphType<IntGraphType>>("linkedBefore").Resolve(c => ProposalService.Document(c.Source).LinkedBefore);
        Field<NonNullGraphType<IntGraphType>>("linkedAfter").Resolve(c => ProposalService.Document(c.Source).LinkedAfter);
        Field<NonNullGraphType<FloatGraphType>>("totalScore").Resolve(c => ProposalService.Document(c.Source).TotalScore);
        Field<NonNullGraphType<IntGraphType>>("added").Resolve(c => ProposalService.Document(c.Source).Links.Count(l => l.Change == LinkChangeKind.Added));
        Field<NonNullGraphType<IntGraphType>>("moved").Resolve(c => ProposalService.Document(c.Source).Links.Count(l => l.Change == LinkChangeKind.Moved));
        Field<NonNullGraphType<IntGraphType>>("removed").Resolve(c => ProposalService.Document(c.Source).Removed.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProposedLinkType>>>>("links")
            .Description("Every link of the proposal; filter by change to see the diff.")
            .Argument<ListGraphType<NonNullGraphType<LinkChangeEnum>>>("change")
            .Resolve(ctx =>
            {
                var kinds = ctx.GetArgument<List<LinkChangeKind>?>("change");
                var links = ProposalService.Document(ctx.Source).Links;
                return kinds is null ? links : links.Where(l => kinds.Contains(l.Change)).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RemovedLinkType>>>>("removedLinks").Resolve(c => ProposalService.Document(c.Source).Removed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberDeltaType>>>>("memberChanges").Resolve(c => ProposalService.Document(c.Source).Members);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnlinkedHouseholdType>>>>("unlinked").Resolve(c => ProposalService.Document(c.Source).Unlinked);
    }
}

public sealed class JobStatusEnum : EnumerationGraphType<JobStatus>
{
    public JobStatusEnum() { Name = "JobStatus"; }
}

public sealed class LinkJobType : ObjectGraphType<LinkJob>
{
    public LinkJobType()
    {
        Name = "LinkJob";
        Description = "Proposals for every village of an area, made in the background.";
        Field(j => j.Id, type: typeof(NonNullGraphType<IdGraphType>));
        Field(j => j.AreaCode);
        Field<NonNullGraphType<JobStatusEnum>>("status").Resolve(c => c.Source.Status);
        Field(j => j.Done);
        Field(j => j.Total);
        Field(j => j.Error, nullable: true);
        Field(j => j.CreatedAt);
        Field(j => j.FinishedAt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LinkProposalType>>>>("proposals")
            .ResolveAsync(async ctx =>
            {
                await using var db = await ctx.DbAsync();
                return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                    db.LinkProposals.Where(p => p.JobId == ctx.Source.Id).OrderBy(p => p.VillageCode), ctx.CancellationToken);
            });
    }
}
