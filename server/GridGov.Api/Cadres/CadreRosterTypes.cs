using GraphQL.Types;
using GridGov.Api.CheckIns;
using GridGov.Api.Infrastructure;
using GridGov.Domain.Access;
using GridGov.Domain.Members;

namespace GridGov.Api.Cadres;

/// <summary>A posting as the roster shows it: the village with its name.</summary>
public sealed record CadrePostingItem(string VillageCode, string VillageName, DateOnly From, DateOnly? To, bool InForce);

/// <summary>A cadre on the county's roster: the person, the postings (newest first) and the login, if any.</summary>
public sealed record CadreRosterItem(Cadre Cadre, Person Person, IReadOnlyList<CadrePostingItem> Postings, string? Username, bool? LoginDisabled);

public sealed class CadrePostingType : ObjectGraphType<CadrePostingItem>
{
    public CadrePostingType()
    {
        Name = "CadrePosting";
        Description = "驻村 / 包村: a cadre serving one village from `from` to `to`, both days included; `to` null while it runs.";
        Field(p => p.VillageCode);
        Field(p => p.VillageName);
        Field<NonNullGraphType<DateOnlyGraphType>>("from").Resolve(c => c.Source.From);
        Field<DateOnlyGraphType>("to").Resolve(c => c.Source.To);
        Field(p => p.InForce).Description("Served today (the day a posting ends is still served).");
    }
}

public sealed class CadreRosterType : ObjectGraphType<CadreRosterItem>
{
    public CadreRosterType()
    {
        Name = "Cadre";
        Description = "第一书记, 驻村工作队长/队员 or 包村干部 on the county's roster.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Cadre.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Person.Name);
        Field<NonNullGraphType<CadreKindEnum>>("kind").Resolve(c => c.Source.Cadre.Kind);
        Field<CadreRankEnum>("rank").Resolve(c => c.Source.Cadre.Rank);
        Field<StringGraphType>("phone").Description("Masked (138****5678) unless you keep the roster of the cadre's main village (the organisation department) or hold `read-pii`.")
            .Resolve(c => c.Caller().SeesPersonalData(c.Source.Cadre.VillageCode) ? c.Source.Person.Phone : Masking.Phone(c.Source.Person.Phone));
        Field<StringGraphType>("idNumber").Description("Masked as phone is.")
            .Resolve(c => c.Caller().SeesPersonalData(c.Source.Cadre.VillageCode) ? c.Source.Person.IdNumber : Masking.IdNumber(c.Source.Person.IdNumber));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("villages")
            .Description("The villages served today, in code order.").Resolve(c => c.Source.Postings.Where(p => p.InForce).Select(p => p.VillageCode).Distinct().Order(StringComparer.Ordinal).ToList());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CadrePostingType>>>>("postings").Description("Every posting, running ones first, then newest.")
            .Resolve(c => c.Source.Postings);
        Field<StringGraphType>("username").Description("The cadre's login, if it has one.").Resolve(c => c.Source.Username);
        Field<BooleanGraphType>("loginDisabled").Resolve(c => c.Source.LoginDisabled);
    }
}

public sealed class CreateCadreInputType : InputObjectGraphType
{
    public CreateCadreInputType()
    {
        Name = "CreateCadreInput";
        Field<NonNullGraphType<StringGraphType>>("name").Description($"The person's name, at most {Person.MaxNameLength} characters.");
        Field<NonNullGraphType<CadreKindEnum>>("kind");
        Field<NonNullGraphType<CadreRankEnum>>("rank");
        Field<StringGraphType>("phone").Description("A mobile (11 digits) or landline; optional.");
        Field<NonNullGraphType<StringGraphType>>("villageCode").Description("The first village served (a 12-digit village code of your county).");
        Field<DateOnlyGraphType>("from").Description("The first day served (China date; default today).");
        Field<StringGraphType>("username").Description("The login's user name (default cadre-<id>).");
    }
}

/// <summary>A new cadre with its login; the password is in this answer only.</summary>
public sealed record NewCadre(CadreRosterItem Cadre, string Username, string Password);

public sealed class NewCadreType : ObjectGraphType<NewCadre>
{
    public NewCadreType()
    {
        Name = "NewCadre";
        Description = "A created cadre, its login and a one-time password: shown in this answer only, never stored in clear.";
        Field<NonNullGraphType<CadreRosterType>>("cadre").Resolve(c => c.Source.Cadre);
        Field(n => n.Username);
        Field(n => n.Password);
    }
}
