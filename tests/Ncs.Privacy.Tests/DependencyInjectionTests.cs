using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

public class DependencyInjectionTests
{
    private static void UseShopModel(PrivacyOptions o)
    {
        var shop = ShopModel.Options();
        o.PolicyType = shop.PolicyType;
        foreach (var t in shop.ModelTypes)
        {
            o.ModelTypes.Add(t);
        }
    }

    [Fact]
    public void AddPrivacy_registers_the_policy_and_the_register_as_singletons()
    {
        var services = new ServiceCollection();
        services.AddPrivacy(p => p.Configure(UseShopModel));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        var policy = provider.GetRequiredService<PrivacyPolicy>();
        Assert.Same(policy, provider.GetRequiredService<PrivacyPolicy>());
        Assert.Equal("Test shop", policy.Name);
        Assert.Equal(4, provider.GetRequiredService<IProcessingRegister>().Document.ProcessingActivities.Count);
    }

    [Fact]
    public void Classify_through_the_builder_reaches_the_policy()
    {
        var services = new ServiceCollection();
        services.AddPrivacy(p => p
            .Configure(UseShopModel)
            .Classify<ExternalNewsletterSubscription>(t => t
                .PersonalData(x => x.Address, ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account)
                .NotPersonalData(x => x.Id, "key")));
        using var provider = services.BuildServiceProvider();
        var type = provider.GetRequiredService<PrivacyPolicy>().FindType(typeof(ExternalNewsletterSubscription));
        Assert.Equal("marketing", Assert.Single(type!.FindMember("Address")!.Uses).Purpose.Id);
    }

    [Fact]
    public void Calling_AddPrivacy_twice_registers_once_and_merges_configuration()
    {
        var services = new ServiceCollection();
        services.AddPrivacy(p => p.Configure(UseShopModel));
        services.AddPrivacy(p => p.Classify<ExternalNewsletterSubscription>(t => t.NotPersonalData(x => x.Id, "key").NotPersonalData(x => x.Address, "test")));
        Assert.Single(services, d => d.ServiceType == typeof(PrivacyPolicy));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetRequiredService<PrivacyPolicy>().FindType(typeof(ExternalNewsletterSubscription)));
    }

    [Fact]
    public void UsePolicy_scans_the_policy_assembly()
    {
        var services = new ServiceCollection();
        services.AddPrivacy(p => p.UsePolicy(typeof(ShopPolicy)));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<PrivacyOptions>>();
        // This assembly also holds the deliberately invalid models, so reading it whole must fail, naming them.
        var error = Assert.Throws<OptionsValidationException>(() => options.Value);
        Assert.Contains("UnknownPurposeEntity.Email", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_host_an_invalid_policy_throws_on_first_use_with_every_problem()
    {
        var services = new ServiceCollection();
        services.AddPrivacy(p => p.Configure(o => { UseShopModel(o); o.ModelTypes.Add(typeof(BothEntity)); o.ModelTypes.Add(typeof(NullOnIntEntity)); }));
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<PrivacyPolicy>());
        Assert.Contains("BothEntity.Email", error.Message, StringComparison.Ordinal);
        Assert.Contains("NullOnIntEntity.Age", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_generic_host_an_invalid_policy_fails_start_up()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPrivacy(p => p.Configure(o => { UseShopModel(o); o.ModelTypes.Add(typeof(UnknownPurposeEntity)); }));
        using var host = builder.Build();
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("UnknownPurposeEntity.Email", error.Message, StringComparison.Ordinal);
        Assert.Contains("'marketting'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_the_generic_host_a_valid_policy_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddPrivacy(p => p.Configure(UseShopModel));
        using var host = builder.Build();
        await host.StartAsync();
        Assert.NotNull(host.Services.GetRequiredService<PrivacyPolicy>());
        await host.StopAsync();
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPrivacy(null!));
        Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddPrivacy(p => p.UsePolicy(null!)));
    }
}
