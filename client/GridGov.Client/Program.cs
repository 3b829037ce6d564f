using System.Globalization;
using GridGov.Client;
using GridGov.Client.Services;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.JSInterop;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddLocalization();
builder.Services.AddScoped<AuthState>();
builder.Services.AddScoped<GraphQLClient>();
builder.Services.AddScoped<ImportClient>();
builder.Services.AddScoped<ViewerSettings>();
builder.Services.AddScoped<FieldStore>();

var host = builder.Build();
// The culture must be set before RunAsync so the matching satellite assembly loads; switching
// languages stores the choice and reloads the page. Chinese is the default.
var js = host.Services.GetRequiredService<IJSRuntime>();
var lang = await js.InvokeAsync<string?>("localStorage.getItem", "gridgov.lang");
var culture = CultureInfo.GetCultureInfo(lang == "en" ? "en" : "zh-Hans");
CultureInfo.DefaultThreadCurrentCulture = culture;
CultureInfo.DefaultThreadCurrentUICulture = culture;
await host.Services.GetRequiredService<AuthState>().LoadAsync();
await host.RunAsync();
