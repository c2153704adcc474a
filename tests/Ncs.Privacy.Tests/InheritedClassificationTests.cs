using Ncs.Privacy.Tests.Model;

namespace Ncs.Privacy.Tests;

/// <summary>Classification in code reaches derived classes; an explicit one replaces Identity's weak mark; names compile.</summary>
public sealed class InheritedClassificationTests
{
    private static PrivacyOptions Options(params Type[] types)
    {
        var options = new PrivacyOptions { PolicyType = typeof(ShopPolicy) };
        foreach (var type in types)
        {
            options.ModelTypes.Add(type);
        }

        return options;
    }

    [Fact]
    public void A_classification_of_a_generic_base_applies_to_a_derived_class_and_the_derived_class_wins_for_its_own_members()
    {
        var options = Options(typeof(AppAccount), typeof(PremiumAppAccount));
        options.Classify<LibraryAccount<int>>(a => a
            .NotPersonalData(x => x.Id, "Technical key")
            .PersonalData(x => x.Email, ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account)
            .PersonalData(x => x.Nickname, ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account));
        options.Classify<AppAccount>(a => a.PersonalData(x => x.Email, ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account));
        var policy = PrivacyPolicy.Load(options);

        var app = policy.FindType(typeof(AppAccount))!;
        Assert.Equal([ShopPolicy.Purposes.Marketing], app.FindMember("Email")!.Uses.Select(u => u.Purpose.Id));
        Assert.Equal([ShopPolicy.Purposes.CustomerService], app.FindMember("Nickname")!.Uses.Select(u => u.Purpose.Id));
        Assert.Equal("Technical key", app.FindMember("Id")!.NotPersonalReason);
        Assert.False(app.FindMember("Id")!.IsIdentityPersonalData);

        // Two levels down, the nearest classification in code wins.
        var premium = policy.FindType(typeof(PremiumAppAccount))!;
        Assert.Equal([ShopPolicy.Purposes.Marketing], premium.FindMember("Email")!.Uses.Select(u => u.Purpose.Id));
    }

    [Fact]
    public void Identitys_weak_mark_counts_only_while_nothing_explicit_classifies_the_member()
    {
        var weak = PrivacyPolicy.Load(Options(typeof(AppAccount))).FindType(typeof(AppAccount))!;
        Assert.True(weak.FindMember("Id")!.IsIdentityPersonalData);

        var options = Options(typeof(AppAccount));
        options.Classify<AppAccount>(a => a.NotPersonalData(x => x.Id, "Technical key"));
        var member = PrivacyPolicy.Load(options).FindType(typeof(AppAccount))!.FindMember("Id")!;
        Assert.False(member.IsIdentityPersonalData);
        Assert.False(member.IsPersonalData);

        // Our own contradiction is still one.
        var contradictory = Options(typeof(AppAccount));
        contradictory.Classify<AppAccount>(a => a.NotPersonalData(x => x.Email, "no").PersonalData(x => x.Email, ShopPolicy.Purposes.Marketing, ShopPolicy.Retention.Account));
        var error = Assert.Throws<PrivacyPolicyException>(() => PrivacyPolicy.Load(contradictory));
        Assert.Contains(error.Problems, p => p.Kind == PolicyProblemKind.ContradictoryAnnotations && p.Location == "AppAccount.Email");
    }

    [Fact]
    public void Messages_name_generic_types_as_CSharp_spells_them()
    {
        var options = Options();
        options.Classify<LibraryAccount<Dictionary<string, int?[]>>>(a => a.NotPersonalData("Nope", "no such member"));
        var error = Assert.Throws<PrivacyPolicyException>(() => PrivacyPolicy.Load(options));
        Assert.Equal("LibraryAccount<Dictionary<string, int?[]>>.Nope", Assert.Single(error.Problems).Location);
    }
}
