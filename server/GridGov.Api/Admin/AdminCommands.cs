using GridGov.Api.Cadres;
using GridGov.Domain.Access;
using GridGov.Domain.Areas;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;

namespace GridGov.Api.Admin;

/// <summary>
/// Operator commands run through the same binary: `GridGov.Api apikey create|list|revoke`,
/// `GridGov.Api user create|disable|enable`. They print what an operator needs and exit 0, or a message and 2.
/// </summary>
public static class AdminCommands
{
    public static bool IsAdmin(string[] args) => args.Length > 0 && args[0] is "apikey" or "user" or "migrate" or "cadre";

    public static async Task<int> RunAsync(string[] args, string connectionString, TextWriter stdout, TextWriter stderr)
    {
        var opts = Options(args.Skip(2));
        await using var db = new GridGovDbContext(GridGovDb.Options(connectionString));
        try
        {
            switch (args[0], args.ElementAtOrDefault(1))
            {
                case ("migrate", _):
                    await DatabaseSetup.MigrateAsync(connectionString);
                    stdout.WriteLine("migrations applied");
                    return 0;
                case ("apikey", "create"):
                {
                    var name = Required(opts, "name");
                    var area = Required(opts, "area");
                    var scopes = Required(opts, "scopes").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (scopes.Length == 0 || scopes.Any(s => !ApiKey.KnownScopes.Contains(s)))
                        return Fail(stderr, $"--scopes must be a comma-separated subset of {string.Join(",", ApiKey.KnownScopes)}");
                    if (!await db.Areas.AnyAsync(a => a.Code == area))
                        return Fail(stderr, $"--area {area}: no such area code");
                    var (key, prefix, hash) = ApiKeySecret.Create();
                    db.ApiKeys.Add(new ApiKey { Name = name, Prefix = prefix, SecretHash = hash, Scopes = scopes, AreaCode = area, CreatedAt = DateTimeOffset.UtcNow });
                    db.AuditEvents.Add(Audit("apikey.create", "ApiKey", prefix, area, new { name, prefix, scopes }));
                    await db.SaveChangesAsync();
                    stdout.WriteLine(key);
                    stderr.WriteLine($"API key \"{name}\" created for area {area} with scopes {string.Join(",", scopes)}. " +
                                     "This is the only time the key is shown; send it as the X-Api-Key header (or as the password of HTTP Basic, any user name).");
                    return 0;
                }
                case ("apikey", "list"):
                    foreach (var k in await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync())
                        stdout.WriteLine($"{k.Prefix}\t{k.Name}\t{k.AreaCode}\t{string.Join(",", k.Scopes)}\t{(k.RevokedAt is null ? "active" : "revoked " + k.RevokedAt)}");
                    return 0;
                case ("apikey", "revoke"):
                {
                    var prefix = Required(opts, "prefix");
                    var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Prefix == prefix && k.RevokedAt == null);
                    if (key is null) return Fail(stderr, $"no active key with prefix {prefix}");
                    key.RevokedAt = DateTimeOffset.UtcNow;
                    db.AuditEvents.Add(Audit("apikey.revoke", "ApiKey", prefix, key.AreaCode, new { prefix }));
                    await db.SaveChangesAsync();
                    stdout.WriteLine($"revoked {prefix}");
                    return 0;
                }
                case ("user", "create"):
                {
                    var username = Required(opts, "username").ToLowerInvariant();
                    var area = Required(opts, "area");
                    if (!Enum.TryParse<Role>(Required(opts, "role").Replace("-", "").Replace("_", ""), true, out var role) || role == Role.System)
                        return Fail(stderr, "--role must be county-admin, county-leader, township-leader, branch-secretary, party-member or cadre");
                    if (!await db.Areas.AnyAsync(a => a.Code == area)) return Fail(stderr, $"--area {area}: no such area code (import the county's areas first: ./gridgov import areas FILE)");
                    if (role is Role.CountyAdmin or Role.CountyLeader && !area.EndsWith("000000", StringComparison.Ordinal))
                        return Fail(stderr, $"--area {area}: a {(role == Role.CountyAdmin ? "county-admin" : "county-leader")} needs a county code (xxxxxx000000)");
                    long? member = opts.TryGetValue("member", out var m) && long.TryParse(m, out var mid) ? mid : null;
                    // The password comes on standard input so it never shows in the process list or shell history.
                    var password = (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n');
                    if (string.IsNullOrEmpty(password) || password.Length < 10)
                        return Fail(stderr, "give a password of at least 10 characters on standard input");
                    // A cadre account brings its cadre (person, kind, rank, village) in the same transaction.
                    await using var tx = await db.Database.BeginTransactionAsync();
                    long? cadre = role == Role.Cadre ? (await CadreAccounts.CadreForAccountAsync(db, opts, area, DateTimeOffset.UtcNow)).Id : null;
                    db.Users.Add(new User
                    {
                        Username = username, DisplayName = opts.GetValueOrDefault("name") ?? username,
                        PasswordHash = PasswordHasher.Hash(password), Role = role, AreaCode = area, MemberId = member, CadreId = cadre,
                        CreatedAt = DateTimeOffset.UtcNow,
                    });
                    db.AuditEvents.Add(Audit("user.create", "User", username, area, new { username, role = role.ToString(), area, cadre }));
                    await db.SaveChangesAsync();
                    await tx.CommitAsync();
                    stdout.WriteLine($"user {username} created" + (cadre is { } c ? $" (cadre {c})" : ""));
                    return 0;
                }
                case ("user", "disable" or "enable"):
                {
                    // Disabling ends the user's tokens at once (their session version moves on); enabling needs a new login.
                    var username = Required(opts, "username").ToLowerInvariant();
                    var disable = args[1] == "disable";
                    var user = await db.Users.FirstOrDefaultAsync(u => u.Username == username);
                    if (user is null) return Fail(stderr, $"no user {username}");
                    user.Disabled = disable;
                    user.SessionVersion++;
                    db.AuditEvents.Add(Audit("user." + args[1], "User", username, user.AreaCode, new { username, disabled = disable }));
                    await db.SaveChangesAsync();
                    stdout.WriteLine($"user {username} {(disable ? "disabled: its sessions have ended" : "enabled")}");
                    return 0;
                }
                case ("cadre", var verb):
                    stdout.WriteLine(await CadrePostingCommands.RunAsync(db, verb ?? "", opts, DateTimeOffset.UtcNow));
                    return 0;
                default:
                    return Fail(stderr, "usage: apikey create --name N --area CODE --scopes read[,read-pii][,write] | apikey list | " +
                                        "apikey revoke --prefix P | user create --username U --role R --area CODE [--member ID] [--name N] (password on stdin); a cadre: --role cadre --area VILLAGE " +
                                        "--name N --kind first-secretary|team-leader|resident-cadre|liaison-cadre --rank 县级|科级|一般干部|村干部 [--from YYYY-MM-DD], or --cadre ID | " +
                                        "user disable --username U | user enable --username U | cadre post --cadre ID --area VILLAGE [--from D] [--to D] | " +
                                        "cadre end --cadre ID --area VILLAGE [--last D] | migrate");
            }
        }
        catch (ArgumentException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (DatabaseSetupException e)
        {
            return Fail(stderr, e.Message);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return Fail(stderr, "cannot use the database: " + e.Message + ". Check GRIDGOV_DB (host, port, user, password).");
        }
        catch (DbUpdateException e)
        {
            return Fail(stderr, "the database refused the change: " + (e.InnerException?.Message ?? e.Message));
        }
    }

    private static AuditEvent Audit(string action, string type, string id, string area, object after) => new()
    {
        At = DateTimeOffset.UtcNow, Actor = "admin-cli", Action = action, EntityType = type, EntityId = id, AreaCode = area,
        AfterJson = System.Text.Json.JsonSerializer.Serialize(after),
    };

    private static Dictionary<string, string> Options(IEnumerable<string> args)
    {
        var list = args.ToList();
        var map = new Dictionary<string, string>();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {list[i]}");
            if (i + 1 >= list.Count) throw new ArgumentException($"{list[i]} needs a value");
            map[list[i][2..]] = list[++i];
        }
        return map;
    }

    private static string Required(Dictionary<string, string> opts, string name) =>
        opts.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new ArgumentException($"--{name} is required");

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("gridgov admin: " + message);
        return 2;
    }
}
