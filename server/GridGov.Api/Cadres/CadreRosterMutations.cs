using System.Security.Cryptography;
using System.Text.RegularExpressions;
using GraphQL;
using GraphQL.Types;
using GridGov.Api.Auth;
using GridGov.Api.Coverage;
using GridGov.Api.Infrastructure;
using GridGov.Api.Resources;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Domain.Cadres;
using GridGov.Domain.Coverage;
using GridGov.Domain.Members;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Cadres;

/// <summary>
/// The cadres page of the county organisation department: a new cadre with a login, another village, the end of a posting,
/// revoked sessions. Each one transaction with its audit event; the posting rules are the domain's (<see cref="Cadre.ConflictOf"/>).
/// </summary>
public sealed partial class CadreRosterMutations : IMutationFields
{
    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRSTUVWXYZ23456789";

    public void Add(ObjectGraphType m)
    {
        AuthorizationRule.Roles(m.Field<NonNullGraphType<NewCadreType>>("createCadre")
            .Description("A new cadre (the person, kind, rank, phone) posted to a village of your county, with a login and a one-time password " +
                         "returned in this answer only.")
            .Argument<NonNullGraphType<CreateCadreInputType>>("input")
            .ResolveAsync(async ctx =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                var name = RosterValues.Text(input.GetValueOrDefault("name") as string, Person.MaxNameLength, Messages.PersonNameLength);
                var phone = RosterValues.Phone(input.GetValueOrDefault("phone") as string);
                var kind = (CadreKind)input["kind"]!;
                var rank = (CadreRank)input["rank"]!;
                var username = Username(input.GetValueOrDefault("username") as string);
                var today = Today(ctx);
                var from = input.GetValueOrDefault("from") as DateOnly? ?? today;
                var password = NewPassword();
                // Hashed before the transaction: PBKDF2 takes ~0.3 s, which no row lock should wait for.
                var hash = PasswordHasher.Hash(password);
                var result = await ctx.InTransactionAsync(async (db, caller) =>
                {
                    var ct = ctx.CancellationToken;
                    var village = await RosterValues.RequireRosterVillageAsync(db, caller, (string)input["villageCode"]!, ct);
                    if (username is not null && await db.Users.AnyAsync(u => u.Username == username, ct))
                        throw new GridGovError(ErrorCodes.Conflict, CadreMessages.UsernameTaken(username));
                    var person = new Person { Name = name, Phone = phone, Source = DataSource.Entered };
                    db.People.Add(person);
                    await db.SaveChangesAsync(ct);
                    var cadre = Cadre.PostedTo(person.Id, kind, rank, village.Code, from, null);
                    db.Cadres.Add(cadre);
                    await db.SaveChangesAsync(ct);
                    var login = username ?? $"cadre-{cadre.Id}";
                    if (username is null && await db.Users.AnyAsync(u => u.Username == login, ct))
                        throw new GridGovError(ErrorCodes.Conflict, CadreMessages.UsernameTaken(login));
                    db.Users.Add(new User
                    {
                        Username = login, DisplayName = name, PasswordHash = hash, Role = Role.Cadre,
                        AreaCode = village.Code, CadreId = cadre.Id, CreatedAt = DateTimeOffset.UtcNow,
                    });
                    await db.SaveChangesAsync(ct);
                    Audit.Record(db, caller, "createCadre", "Cadre", cadre.Id, village.Code, null,
                        new { cadre.Id, name, Kind = kind.ToString(), Rank = rank.ToString(), Phone = Masking.Phone(phone), village.Code, from, username = login });
                    return new NewCadre(await CadreRoster.OneAsync(db, cadre.Id, today, ct), login, password);
                });
                return result;
            }), Role.CountyAdmin);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadreRosterType>>("postCadre")
            .Description("Posts a cadre to another village of your county for [from, to] (包村干部 serve several; a 第一书记 one at a time).")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<DateOnlyGraphType>("from", "The first day served (China date; default today).")
            .Argument<DateOnlyGraphType>("to", "The last day served; default open.")
            .ResolveAsync(async ctx =>
            {
                var today = Today(ctx);
                var from = ctx.GetArgument<DateOnly?>("from") ?? today;
                var to = ctx.GetArgument<DateOnly?>("to");
                if (to < from) throw GridGovError.Invalid(CadreMessages.PostingEndsBeforeStart);
                return await Change(ctx, "postCadre", async (db, caller, cadre, ct) =>
                {
                    var village = await RosterValues.RequireRosterVillageAsync(db, caller, ctx.GetArgument<string>("villageCode"), ct);
                    var conflict = cadre.ConflictOf(village.Code, from, to);
                    if (conflict != PostingConflict.None) throw new GridGovError(ErrorCodes.Conflict, CadreMessages.Conflict(conflict, village.Name));
                    var posting = cadre.Post(village.Code, from, to);
                    db.CadrePostings.Add(posting);
                    return village.Code;
                });
            }), Role.CountyAdmin);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadreRosterType>>("endCadrePosting")
            .Description("Ends a cadre's running posting in a village: lastDay (default today) is the last day served; the row stays as history.")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .Argument<NonNullGraphType<StringGraphType>>("villageCode")
            .Argument<DateOnlyGraphType>("lastDay", "The last day served (China date; default today).")
            .ResolveAsync(async ctx =>
            {
                var today = Today(ctx);
                var last = ctx.GetArgument<DateOnly?>("lastDay") ?? today;
                return await Change(ctx, "endCadrePosting", async (db, caller, cadre, ct) =>
                {
                    var village = await RosterValues.RequireRosterVillageAsync(db, caller, ctx.GetArgument<string>("villageCode"), ct);
                    // The posting there that runs today or later; one that ended before today is history.
                    var running = cadre.Postings.Where(p => p.VillageCode == village.Code && (p.To is null || p.To >= today)).OrderBy(p => p.From).FirstOrDefault()
                                  ?? throw new GridGovError(ErrorCodes.Conflict, CadreMessages.PostingNotRunning(village.Name));
                    if (last < running.From) throw GridGovError.Invalid(CadreMessages.PostingEndsBeforeStart);
                    if (running.To is { } t && t <= last) throw new GridGovError(ErrorCodes.Conflict, CadreMessages.PostingAlreadyEnded(village.Name, t));
                    cadre.EndPosting(running, last);
                    return village.Code;
                });
            }), Role.CountyAdmin);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<NewCadreType>>("issueCadrePassword")
            .Description("A new password for the cadre's login — a forgotten password, or a cadre from the roster import without a login (made " +
                         "now as cadre-<id>). Every session of the login ends; the password is in this answer only.")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .ResolveAsync(async ctx =>
            {
                var password = NewPassword();
                var hash = PasswordHasher.Hash(password); // before the cadre's row is locked (PBKDF2, ~0.3 s)
                var username = "";
                var item = await Change(ctx, "issueCadrePassword", async (db, caller, cadre, ct) =>
                {
                    var users = await db.Users.Where(u => u.CadreId == cadre.Id).ToListAsync(ct);
                    if (users.Count == 0)
                    {
                        var name = await db.People.Where(p => p.Id == cadre.PersonId).Select(p => p.Name).FirstAsync(ct);
                        var login = $"cadre-{cadre.Id}";
                        if (await db.Users.AnyAsync(u => u.Username == login, ct)) throw new GridGovError(ErrorCodes.Conflict, CadreMessages.UsernameTaken(login));
                        users.Add(db.Users.Add(new User
                        {
                            Username = login, DisplayName = name, PasswordHash = hash, Role = Role.Cadre, AreaCode = cadre.VillageCode,
                            CadreId = cadre.Id, CreatedAt = DateTimeOffset.UtcNow,
                        }).Entity);
                    }
                    foreach (var u in users)
                    {
                        u.PasswordHash = hash;
                        u.SessionVersion++;
                    }
                    username = users[0].Username;
                    return cadre.VillageCode;
                });
                return new NewCadre(item, username, password);
            }), Role.CountyAdmin);

        AuthorizationRule.Roles(m.Field<NonNullGraphType<CadreRosterType>>("revokeCadreSessions")
            .Description("Ends every session of the cadre's login at once (a lost phone); the cadre logs in again with the password.")
            .Argument<NonNullGraphType<IdGraphType>>("cadreId")
            .ResolveAsync(async ctx => await Change(ctx, "revokeCadreSessions", async (db, caller, cadre, ct) =>
            {
                var users = await db.Users.Where(u => u.CadreId == cadre.Id).ToListAsync(ct);
                if (users.Count == 0) throw GridGovError.Invalid(CadreMessages.NoLogin);
                foreach (var u in users) u.SessionVersion++;
                return cadre.VillageCode;
            })), Role.CountyAdmin);
    }

    private delegate Task<string> CadreChange(GridGovDbContext db, Caller caller, Cadre cadre, CancellationToken ct);

    /// <summary>Locks the cadre of your county, applies the change, audits before and after, and forgets the cached villages and sessions.</summary>
    private static async Task<CadreRosterItem> Change(IResolveFieldContext ctx, string action, CadreChange change)
    {
        var id = long.TryParse(ctx.GetArgument<string>("cadreId"), out var v) ? v : throw GridGovError.NotFound("cadre", ctx.GetArgument<string>("cadreId"));
        var today = Today(ctx);
        var result = await ctx.InTransactionAsync(async (db, caller) =>
        {
            var ct = ctx.CancellationToken;
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM cadres WHERE id = {0} FOR UPDATE", [id], ct);
            var cadre = await db.Cadres.Include(c => c.Postings).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw GridGovError.NotFound("cadre", id.ToString());
            // A cadre of another county is not yours to change, whatever village the change names.
            if (!cadre.Postings.Any(p => caller.CanKeepRoster(p.VillageCode))) throw GridGovError.OutsideArea(cadre.VillageCode);
            var before = Summary(cadre);
            var area = await change(db, caller, cadre, ct);
            await db.SaveChangesAsync(ct);
            Audit.Record(db, caller, action, "Cadre", cadre.Id, area, before, Summary(cadre));
            return await CadreRoster.OneAsync(db, cadre.Id, today, ct);
        });
        var sessions = ctx.Service<Sessions>();
        await using (var db = await ctx.DbAsync())
            foreach (var user in await db.Users.AsNoTracking().Where(u => u.CadreId == id).Select(u => u.Id).ToListAsync(ctx.CancellationToken))
                sessions.Forget(user, id);
        sessions.Forget(null, id);
        return result;
    }

    private static object Summary(Cadre c) =>
        c.Postings.OrderBy(p => p.From).ThenBy(p => p.VillageCode, StringComparer.Ordinal).Select(p => new { p.VillageCode, p.From, p.To }).ToList();

    private static DateOnly Today(IResolveFieldContext ctx) => CoverageRules.DateOf(ctx.Service<CoverageService>().Now);

    private static string? Username(string? text)
    {
        var u = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(u)) return null;
        return UsernamePattern().IsMatch(u) ? u : throw GridGovError.Invalid(CadreMessages.UsernameInvalid(u));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,49}$")]
    private static partial Regex UsernamePattern();

    /// <summary>12 characters without look-alikes (0/O, 1/l/I), read off a screen and typed on a phone.</summary>
    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, 12);
}
