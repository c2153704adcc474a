using Microsoft.Extensions.DependencyInjection.Extensions;
using Ncs.Privacy.AspNetCore;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Webshop.Model;
using Ncs.Webshop.Policy;

namespace Ncs.Webshop.Hosting;

/// <summary>Builds the webshop: the same composition serves HTTP, runs the console demo and hosts the tests.</summary>
public static class WebshopApp
{
    /// <summary>Builds the application.</summary>
    /// <param name="args">Command-line arguments (ASP.NET Core configuration syntax).</param>
    /// <param name="configure">Lets a test replace the server or the configuration before the app is built.</param>
    /// <returns>The application, not yet started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        // SQLite by default, created and seeded on first run; PostgreSQL with Database:Provider=postgres and a connection string.
        var connectionString = builder.Configuration.GetConnectionString("Webshop");
        var usePostgres = string.Equals(builder.Configuration["Database:Provider"], "postgres", StringComparison.OrdinalIgnoreCase);
        builder.Services.AddDbContext<WebshopContext>(options =>
        {
            if (usePostgres)
            {
                options.UseNpgsql(connectionString ?? throw new InvalidOperationException("Database:Provider=postgres needs ConnectionStrings:Webshop."));
            }
            else
            {
                options.UseSqlite(connectionString ?? "Data Source=ncs-webshop.db");
            }
        });

        builder.Services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NcsPolicy)))
            .AddEntityFrameworkCore<WebshopContext>()
            .AddObjections<WebshopContext>()
            .AddErasure(erasure => erasure.AuditKey = builder.Configuration["Privacy:AuditKey"])
            .AddErasureGuard<UnpaidInvoicesGuard>()
            .AddRetentionSweep()
            .AddEndpoints(endpoints => endpoints.OperatorRole = DemoAuthenticationHandler.OperatorRole);

        builder.Services.AddAuthentication(DemoAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, DemoAuthenticationHandler>(DemoAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        builder.Services.TryAddSingleton(TimeProvider.System); // a test may fix the clock first

        var app = builder.Build();
        app.UseExceptionHandler();
        // NCS's customers read Swedish; English on request (?culture=en, a cookie or Accept-Language).
        app.UseRequestLocalization(o => o.SetDefaultCulture("sv").AddSupportedCultures("sv", "en").AddSupportedUICultures("sv", "en"));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/", () => Results.Text(
            "NCS webshop sample. Privacy API under /privacy (register, subjects/customer/{id}/export, me/export, ...). "
            + "Sign in with the header X-Demo-User: customer:1 or X-Demo-User: operator (sample only)."));
        app.MapPrivacyEndpoints();
        return app;
    }

    /// <summary>Creates the database if it does not exist and seeds it when empty.</summary>
    /// <param name="services">The application's services.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>A task that completes when the database is ready.</returns>
    public static async Task EnsureDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WebshopContext>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await DemoData.SeedAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), cancellationToken);
    }
}
