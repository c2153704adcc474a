using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Identity;
using P = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Purposes;
using R = Ncs.Privacy.Testing.Identity.IdentityShopPolicy.Retention;

namespace Ncs.Privacy.AspNetCore.Identity.Tests;

/// <summary>What start-up accepts for the template's schema: Identity's own tables cannot be changed by the application.</summary>
public sealed class IdentityStartUpTests
{
    [Fact]
    public async Task AddIdentity_is_accepted_at_start_up_although_Identitys_login_table_has_ProviderKey_in_its_primary_key()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityShopContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(IdentityShopPolicy)))
            .AddEntityFrameworkCore<IdentityShopContext>()
            .AddObjections<IdentityShopContext>()
            .AddIdentity<ApplicationUser>(IdentityShopPolicy.Subjects.User, P.Account, R.WhileAccount, o => o.SecurityPurpose = P.Security);
        // Only the shop's own types (Ncs.Privacy.Testing holds other suites' models too).
        services.PostConfigure<PrivacyOptions>(o =>
        {
            o.ModelAssemblies.Remove(typeof(IdentityShopPolicy).Assembly);
            foreach (var type in new[] { typeof(ApplicationUser), typeof(ShopOrder), typeof(SupportTicket), typeof(NewsletterSubscription) })
            {
                o.ModelTypes.Add(type);
            }
        });
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        // AspNetUserLogins' key is (LoginProvider, ProviderKey) in every Identity application: the personal-key rule
        // must not refuse a schema the application cannot change (today: "[PersonalKey] ... Use a surrogate key").
        var model = scope.ServiceProvider.GetRequiredService<IdentityShopContext>().Model;
        Assert.NotNull(model.FindEntityType(typeof(Microsoft.AspNetCore.Identity.IdentityUserLogin<string>)));
    }
}
