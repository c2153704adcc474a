using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;
using P = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Purposes;
using R = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Retention;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>A Web API on Identity without cookies (<c>AddIdentityCore</c> + bearer tokens), as <c>dotnet new webapi</c> apps write it.</summary>
public sealed class BearerOnlyIdentityTests
{
    [Fact]
    public async Task Self_erasure_in_an_app_without_Identitys_cookie_schemes_answers_200_not_500_after_erasing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddDbContext<IdentityShopContext>(o => database.Configure(o));
        builder.Services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
        builder.Services.AddIdentityCore<ApplicationUser>()
            .AddEntityFrameworkStores<IdentityShopContext>()
            .AddApiEndpoints();
        builder.Services.AddAuthorization();
        builder.Services.AddProblemDetails();
        builder.Services.AddPrivacy(p => p.UsePolicy(typeof(IdentityShopPolicy)))
            .AddEntityFrameworkCore<IdentityShopContext>()
            .AddObjections<IdentityShopContext>()
            .AddErasure(e => e.AuditKey = "identity-tests-audit-key-0123456789abcdef")
            .AddEndpoints()
            .AddIdentity<ApplicationUser>(IdentityShopPolicy.Subjects.User, P.Account, R.WhileAccount, o => o.SecurityPurpose = P.Security);
        builder.Services.PostConfigure<PrivacyOptions>(o =>
        {
            o.ModelAssemblies.Remove(typeof(IdentityShopPolicy).Assembly);
            foreach (var type in new[] { typeof(ApplicationUser), typeof(ShopOrder), typeof(SupportTicket), typeof(NewsletterSubscription) })
            {
                o.ModelTypes.Add(type);
            }
        });
        await using var app = builder.Build();
        app.UseExceptionHandler();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIdentityApi<ApplicationUser>();
        app.MapPrivacyEndpoints("/api/privacy");
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityShopContext>().Database.EnsureCreatedAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            Assert.True((await users.CreateAsync(new ApplicationUser { UserName = "alice@shop.example", Email = "alice@shop.example" }, IdentityShopHost.Password)).Succeeded);
        }

        await app.StartAsync();
        using var client = app.GetTestClient();
        var login = await client.PostAsJsonAsync("/login", new { email = "alice@shop.example", password = IdentityShopHost.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();

        using var erase = IdentityShopHost.Request(HttpMethod.Post, "/api/privacy/me/erasure", bearer: token);
        erase.Headers.TryAddWithoutValidation("If-Match", "*");
        var response = await client.SendAsync(erase);

        // The erasure is committed before the sign-out; Identity's SignInManager.SignOutAsync then signs out of
        // Identity.Application, which this app never registered: the caller must not get a 500 for a done erasure.
        Assert.Equal(0, await WithContext(app, db => db.Users.CountAsync()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<T> WithContext<T>(WebApplication app, Func<IdentityShopContext, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<IdentityShopContext>());
    }
}
