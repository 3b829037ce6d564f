using GridGov.Api.Auth;
using GridGov.Domain.Access;
using GridGov.Testing;

namespace GridGov.Api.Tests;

/// <summary>
/// The monthly test county with one account for every column of <see cref="AccessTable"/>: its users, plus a county
/// admin and API keys with `read` and with `write`. Subclasses may pass server settings (e.g. login limits).
/// </summary>
public class AccessFixture : IAsyncLifetime
{
    private readonly IDictionary<string, string>? _settings;
    private readonly PostgisFixture _pg = new();
    public string ConnectionString { get; private set; } = "";
    public ApiFactory Factory { get; private set; } = null!;
    private string _readKey = "", _writeKey = "";

    public AccessFixture() { }

    protected AccessFixture(IDictionary<string, string> settings) => _settings = settings;

    public async Task InitializeAsync()
    {
        await _pg.InitializeAsync();
        ConnectionString = await TestCountyMonthly.CreateAsync(_pg);
        await ApiClient.AddUserAsync(ConnectionString, "admin-c", Role.CountyAdmin, TestCounty.County);
        _readKey = await ApiClient.AddApiKeyAsync(ConnectionString, "reader", ["read"], TestCounty.County);
        _writeKey = await ApiClient.AddApiKeyAsync(ConnectionString, "writer", ["read", "write"], TestCounty.County);
        Factory = new ApiFactory(ConnectionString, _settings);
    }

    public async Task<HttpClient> ClientAsync(AccessColumn column) => column switch
    {
        AccessColumn.PartyMember => await Factory.LoginAsync("member-2"),
        AccessColumn.Cadre => await Factory.LoginAsync("cadre-a1"),
        AccessColumn.BranchSecretary => await Factory.LoginAsync("sec-a1"),
        AccessColumn.TownshipLeader => await Factory.LoginAsync("town-a"),
        AccessColumn.CountyLeader => await Factory.LoginAsync("county"),
        AccessColumn.CountyAdmin => await Factory.LoginAsync("admin-c"),
        AccessColumn.KeyRead => Factory.WithKey(_readKey),
        AccessColumn.KeyWrite => Factory.WithKey(_writeKey),
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _pg.DisposeAsync();
    }
}
