using GraphQL;
using GridGov.Api.Auth;
using GridGov.Api.Exports;
using GridGov.Api.Imports;
using GridGov.Api.Infrastructure;
using GridGov.Api.Ogc;
using GridGov.Api.Tiles;
using GridGov.Api.Viewer;
using GridGov.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace GridGov.Api;

/// <summary>Wires the host: database, GraphQL, health, and the Blazor viewer's static files.</summary>
public static class Hosting
{
    public static WebApplicationBuilder AddGridGov(this WebApplicationBuilder builder)
    {
        var cs = builder.Configuration.GetConnectionString("GridGov")
            ?? Environment.GetEnvironmentVariable("GRIDGOV_DB")
            ?? throw new InvalidOperationException(
                "No database configured: set ConnectionStrings__GridGov or GRIDGOV_DB to a PostgreSQL/PostGIS connection string.");
        var dataSource = GridGovDb.CreateDataSource(DatabaseLimits.Apply(cs, builder.Configuration));
        builder.Services.AddSingleton(dataSource);
        // A factory, not a scoped context: GraphQL.NET resolves root fields in parallel.
        builder.Services.AddPooledDbContextFactory<GridGovDbContext>(o =>
            o.UseNpgsql(dataSource, n => n.UseNetTopologySuite()));

        // Each feature folder contributes root fields; find them all so a new feature needs no wiring here.
        foreach (var t in typeof(GridGovSchema).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IQueryFields).IsAssignableFrom(t)))
            builder.Services.AddSingleton(typeof(IQueryFields), t);
        foreach (var t in typeof(GridGovSchema).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IMutationFields).IsAssignableFrom(t)))
            builder.Services.AddSingleton(typeof(IMutationFields), t);

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Loaders>();
        builder.Services.AddSingleton<SpatialInput>();
        builder.Services.AddSingleton<ColumnLengths>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new GridGov.Persistence.Sql.CoverageStore(sp.GetRequiredService<NpgsqlDataSource>(),
            builder.Configuration.GetValue("Coverage:ComputeConnections", GridGov.Persistence.Sql.CoverageStore.DefaultComputeConnections)));
        builder.Services.AddSingleton<Coverage.CoverageService>();
        builder.Services.AddSingleton<GridGov.Persistence.Sql.TileStore>();
        builder.Services.AddSingleton<GridGov.Persistence.Sql.TileChanges>();
        builder.Services.AddSingleton<TileCache>();
        builder.Services.AddHostedService<TileChangeListener>();
        builder.Services.AddSingleton<Linking.LinkJobQueue>();
        builder.Services.AddSingleton<FirstMapCache>();
        builder.Services.AddSingleton<DirectReads>();
        builder.Services.AddHostedService<Linking.LinkJobRunner>();
        builder.Services.AddSingleton<Warmup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Warmup>());
        builder.AddImports(cs);
        builder.AddGridGovAuth();
        builder.Services.AddGraphQL(b => b
            .AddSchema<GridGovSchema>()
            .AddSystemTextJson(o => o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(GridGovSchema).Assembly)
            .AddErrorInfoProvider<GridGovErrorInfoProvider>()
            .AddValidationRule<AuthorizationRule>(useForCachedDocuments: true)
            .AddValidationRule<InputLimitsRule>(useForCachedDocuments: true)
            .ConfigureExecution<DocumentCache>()
            .ConfigureExecution<RequestLimits>()
            .AddUnhandledExceptionHandler(Faults.OnUnhandled)
            // Lists count as their `first`, else the rows the county's data has (CostModel).
            .AddComplexityAnalyzer(o =>
            {
                o.MaxDepth = CostModel.MaxDepth;
                o.MaxComplexity = CostModel.MaxComplexity;
                o.DefaultListImpactMultiplier = CostModel.DefaultListRows;
                var fallback = o.DefaultComplexityImpactDelegate;
                o.DefaultComplexityImpactDelegate = c => CostModel.Impact(c, fallback);
            })
            .ExemptIntrospectionFromLimits()
            // Cached documents skip the spec's rules (DocumentCache) but not the cost: it depends on each request's variables.
            .ConfigureExecutionOptions(o => o.CachedDocumentValidationRules = (o.CachedDocumentValidationRules ?? [])
                .Append(o.RequestServices!.GetRequiredService<GraphQL.Validation.Rules.Custom.ComplexityValidationRule>()))
            .WithTimeout(TimeSpan.FromSeconds(30))
            .ConfigureExecutionOptions(o => o.ThrowOnUnhandledException = false));
        return builder;
    }

    public static WebApplication UseGridGov(this WebApplication app)
    {
        app.UseCorrelationIds();
        app.UseDatabaseOutageAnswers();
        app.UseSecurityHeaders();
        app.UseBlazorFrameworkFiles();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseStaticFiles();
        app.MapGraphQLEndpoint();
        app.MapTokenEndpoint();
        app.MapTileEndpoint();
        app.MapFirstMapEndpoint();
        app.MapImportEndpoints();
        Monthly.DeclarationPhotoEndpoints.MapDeclarationPhotoEndpoints(app);
        CheckIns.CheckInPhotoEndpoints.MapCheckInPhotoEndpoints(app);
        app.MapOgcEndpoints();
        app.MapTileJsonEndpoints();
        app.MapExportEndpoints();
        app.MapGet("/healthz", async (NpgsqlDataSource ds, CancellationToken ct) =>
        {
            await using var cmd = ds.CreateCommand("SELECT 1");
            await cmd.ExecuteScalarAsync(ct);
            return Results.Text("ok");
        });
        app.MapFallbackToFile("index.html");
        return app;
    }
}
