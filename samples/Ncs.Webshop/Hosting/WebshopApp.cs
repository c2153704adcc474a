using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ncs.Privacy.AspNetCore;
using Ncs.Privacy.AspNetCore.Identity;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Webshop.Model;
using Ncs.Webshop.Policy;
using C = Ncs.Webshop.Policy.NcsPolicy.Categories;
using P = Ncs.Webshop.Policy.NcsPolicy.Purposes;
using R = Ncs.Webshop.Policy.NcsPolicy.Retention;

namespace Ncs.Webshop.Hosting;

/// <summary>Builds the webshop: the same composition serves HTTP, runs the console demo and hosts the tests.</summary>
public static class WebshopApp
{
    /// <summary>The role of the people who answer privacy requests for NCS.</summary>
    public const string OperatorRole = "PrivacyOperator";

    /// <summary>Builds the application.</summary>
    /// <param name="args">Command-line arguments (ASP.NET Core configuration syntax).</param>
    /// <param name="configure">Lets a test replace the server or the configuration before the app is built.</param>
    /// <returns>The application, not yet started.</returns>
    /// <exception cref="InvalidOperationException">Outside Development, <c>Privacy:AuditKey</c> is not configured.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        // The audit key is a secret: appsettings.Development.json carries a sample one for trying the API on a laptop;
        // anywhere else the key must come from a secret store, and the app refuses to start without one.
        var auditKey = builder.Configuration["Privacy:AuditKey"];
        if (string.IsNullOrWhiteSpace(auditKey) && !builder.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Privacy:AuditKey is not configured (environment '{builder.Environment.EnvironmentName}'). Put a random secret of at least 32 characters in "
                + "user secrets (dotnet user-secrets set Privacy:AuditKey \"<secret>\" --project samples/Ncs.Webshop), the environment variable "
                + "Privacy__AuditKey, or your secret store; the sample key in appsettings.Development.json is for Development only.");
        }

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

        // Customers register and sign in with ASP.NET Core Identity: a cookie for pages (POST /account/login?useCookies=true),
        // a bearer token for the API (POST /account/login).
        builder.Services.AddIdentityApiEndpoints<Customer>(o => o.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole<int>>()
            .AddEntityFrameworkStores<WebshopContext>();

        builder.Services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NcsPolicy)))
            .AddEntityFrameworkCore<WebshopContext>()
            .AddObjections<WebshopContext>()
            .AddErasure(erasure => erasure.AuditKey = auditKey)
            .AddErasureGuard<UnpaidInvoicesGuard>()
            .AddRetentionSweep()
            .AddEndpoints(endpoints => endpoints.OperatorRole = OperatorRole)
            .AddPrivacyRequests<WebshopContext>(requests =>
            {
                // NCS answers in Swedish time, and a refused customer may complain to IMY (Art. 12(4), Art. 77).
                requests.TimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");
                requests.SupervisoryAuthority = "Integritetsskyddsmyndigheten (IMY), Box 8114, 104 20 Stockholm, www.imy.se";
            })
            .AddRequestEndpoints()
            // Identity's tables: the account is kept for purchases, its credentials and security state for fraud prevention.
            .AddIdentity<Customer, int>(NcsPolicy.Subjects.Customer, P.Purchases, R.WhileAccount, identity =>
            {
                identity.SecurityPurpose = P.FraudPrevention;
                identity.AccountCategory = NcsPolicy.Categories.Contact;
                identity.SecurityCategory = NcsPolicy.Categories.AccountSecurity;
            })
            // The e-mail address and phone number given at registration serve more than the account (Registrering för köp).
            .Classify<Customer>(customer => customer
                .PersonalData(c => c.Email, P.CustomerService, R.WhileAccount, a => { a.Category = C.Contact; a.Anonymisation = AnonymisationStrategy.Null; })
                .PersonalData(c => c.Email, P.Marketing, R.WhileAccount, a => a.Category = C.Contact)
                .PersonalData(c => c.Email, P.CustomerExperience, R.WhileAccount, a => a.Category = C.Contact)
                .PersonalData(c => c.PhoneNumber, P.CustomerService, R.WhileAccount, a => a.Category = C.Contact));

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
            "NCS webshop sample. Register with POST /account/registration, sign in with POST /account/login (?useCookies=true for a cookie). "
            + "Privacy API under /privacy (pages, cookie) and /api/privacy (bearer token): register, me/export, me/objections, me/erasure-plan, me/erasure, subjects/customer/{id}/..."));
        MapAccount(app);
        app.MapPrivacyEndpoints();
        app.MapGroup("/api").MapPrivacyEndpoints();
        app.MapPrivacyRequestEndpoints();
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
        if (db.Database.IsNpgsql())
        {
            // The seed gives its customers fixed keys; PostgreSQL's identity sequence must continue after them.
            await db.Database.ExecuteSqlRawAsync(
                "SELECT setval(pg_get_serial_sequence('\"Customers\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"Customers\"), 1))", cancellationToken);
        }

        // A privacy operator, when the configuration names one (appsettings.Development.json does, for trying the API).
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration["Sample:OperatorEmail"] is { Length: > 0 } email && configuration["Sample:OperatorPassword"] is { Length: > 0 } password)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Customer>>();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<int>>>();
            if (!await roles.RoleExistsAsync(OperatorRole))
            {
                await roles.CreateAsync(new IdentityRole<int>(OperatorRole));
            }

            if (await users.FindByEmailAsync(email) is null)
            {
                var staff = new Customer { UserName = email, Email = email, EmailConfirmed = true, Name = "NCS privacy operator", RegisteredAt = DateTime.UtcNow };
                Check(await users.CreateAsync(staff, password));
                Check(await users.AddToRoleAsync(staff, OperatorRole));
            }
        }
    }

    /// <summary>Registration with what NCS's policy asks for (Registrering för köp): e-mail, name, contact details, professional category.</summary>
    private static void MapAccount(WebApplication app)
    {
        app.MapPost("/account/registration", async (Registration form, UserManager<Customer> users, TimeProvider time) =>
        {
            var customer = new Customer
            {
                UserName = form.Email, Email = form.Email, Name = form.Name ?? string.Empty, PhoneNumber = form.Phone,
                ProfessionalCategory = form.ProfessionalCategory, RegisteredAt = time.GetUtcNow().UtcDateTime,
            };
            if (string.IsNullOrWhiteSpace(form.Name))
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["name"] = ["Your name is needed for purchases and customer service."] });
            }

            var created = await users.CreateAsync(customer, form.Password ?? string.Empty);
            return created.Succeeded
                ? Results.Created($"/privacy/me/export", new { customer.Id })
                : Results.ValidationProblem(created.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        });

        // Identity's own endpoints (login, refresh, confirmEmail, manage/2fa...), except its registration, which asks
        // only for e-mail and password: NCS registers customers with the fields above.
        app.MapGroup("/account").MapIdentityApi<Customer>().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Request.Path.Value?.EndsWith("/register", StringComparison.OrdinalIgnoreCase) == true
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Register with POST /account/registration")
                : await next(context));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Seeding the operator failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>The registration form.</summary>
    /// <param name="Email">E-mail address (also the user name).</param>
    /// <param name="Password">Password.</param>
    /// <param name="Name">Full name.</param>
    /// <param name="Phone">Phone number (optional contact detail).</param>
    /// <param name="ProfessionalCategory">Professional category (yrkeskategori, optional).</param>
    internal sealed record Registration(string Email, string? Password, string? Name, string? Phone, string? ProfessionalCategory);
}
