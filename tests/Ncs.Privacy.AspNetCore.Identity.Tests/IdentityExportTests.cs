using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>
/// The export's <c>identity</c> section read from Identity's EF Core tables (a constant number of queries, issue 18)
/// says what the user manager's calls, one per item, say: for an account holding everything Identity can hold (an
/// external login with an access token, a second login without one, roles, an authenticator key, recovery codes), for
/// one holding nothing but a password, and for an account that does not exist.
/// </summary>
public sealed class IdentityExportTests
{
    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_section_read_from_the_tables_is_the_one_the_user_manager_gives(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        var bob = await host.SeedUserAsync("bob", role: null);
        await host.WithServicesAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<ApplicationUser>>();
            var roles = s.GetRequiredService<RoleManager<IdentityRole>>();
            var stored = (await users.FindByIdAsync(alice.Id))!;
            Assert.True((await roles.CreateAsync(new IdentityRole("Auditor"))).Succeeded);
            Assert.True((await users.AddToRoleAsync(stored, "Auditor")).Succeeded);
            Assert.True((await users.AddLoginAsync(stored, new UserLoginInfo("GitHub", "github-alice", "GitHub"))).Succeeded); // no access token
            Assert.True((await users.AddLoginAsync(stored, new UserLoginInfo("Microsoft", "ms-alice", "Microsoft"))).Succeeded);
            Assert.True((await users.SetAuthenticationTokenAsync(stored, "Microsoft", "access_token", "ms-secret")).Succeeded);
            var plain = (await users.FindByIdAsync(bob.Id))!;
            Assert.True((await users.RemoveLoginAsync(plain, "Google", "google-bob-key")).Succeeded);
            Assert.True((await users.RemoveAuthenticationTokenAsync(plain, "Google", "access_token")).Succeeded);
            Assert.True((await users.SetAuthenticationTokenAsync(plain, "[AspNetUserStore]", "AuthenticatorKey", null)).Succeeded); // a row without a value
            Assert.True((await users.SetAuthenticationTokenAsync(plain, "[AspNetUserStore]", "RecoveryCodes", string.Empty)).Succeeded); // every code used
            return 0;
        });

        foreach (var id in new[] { alice.Id, bob.Id, Guid.NewGuid().ToString() })
        {
            await host.WithServicesAsync(async s =>
            {
                Assert.NotNull(IdentityTables.For(s.GetRequiredService<IUserStore<ApplicationUser>>().GetType())); // the EF Core store: read from the tables
                var fromTables = await IdentityExportContributor<ApplicationUser>.ReadAsync(s, id, CancellationToken.None);
                var throughManager = await IdentityExportContributor<ApplicationUser>.ReadThroughUserManagerAsync(s.GetRequiredService<UserManager<ApplicationUser>>(), id);
                Assert.Equal(Describe(throughManager, showKey: true), Describe(fromTables, showKey: true));
                if (id == alice.Id)
                {
                    Assert.Equal("key=True roles=Auditor,Customer password=True codes=10 tokens=Google,Microsoft", Describe(fromTables, showKey: false));
                }
                else if (id == bob.Id)
                {
                    Assert.Equal("key=False roles= password=True codes=0 tokens=", Describe(fromTables, showKey: false));
                }
                else
                {
                    Assert.Null(fromTables);
                }

                return 0;
            });
        }

        static string Describe(IdentityAccount? a, bool showKey) => a is null
            ? "none"
            : $"key={(showKey ? a.AuthenticatorKey : (a.AuthenticatorKey is not null).ToString())} roles={string.Join(',', a.Roles!.Order(StringComparer.Ordinal))} password={a.HasPassword} codes={a.RecoveryCodes} tokens={string.Join(',', a.AccessTokenProviders.Order(StringComparer.Ordinal))}";
    }

    [Theory]
    [ClassData(typeof(Providers))]
    public async Task The_export_writes_the_section_through_the_exports_scope(DatabaseProvider provider)
    {
        await using var host = await IdentityShopHost.StartAsync(provider);
        var alice = await host.SeedUserAsync("alice");
        var export = await host.WithServicesAsync(async s =>
        {
            using var buffer = new MemoryStream();
            await s.GetRequiredService<IDataSubjectExporter>().ExportAsync(new DataSubjectReference(IdentityShopPolicy.Subjects.User, alice.Id), buffer);
            return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        });
        var section = export.GetProperty("sections").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "identity").GetProperty("content");
        Assert.Equal(["Customer"], section.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(
            ["password (as a salted hash)", "10 unused two-factor recovery codes", "access token from Google"],
            section.GetProperty("credentialsHeldNotShown").EnumerateArray().Select(r => r.GetString()));
        Assert.False(string.IsNullOrEmpty(section.GetProperty("authenticatorKey").GetString()));
    }
}
