using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ncs.Privacy.EntityFrameworkCore;
using Ncs.Privacy.Testing;
using Ncs.Privacy.Testing.Distributed;

namespace Ncs.Privacy.Distributed.Tests;

/// <summary>Start-up refuses references it could not follow, naming the type, the member and the fix; nothing is written.</summary>
public sealed class SubjectReferenceStartUpTests
{
    [Fact]
    public async Task A_reference_to_an_undeclared_category_fails_start_up()
    {
        var problem = Assert.Single(await StartAsync<MistypedReferenceContext>());
        Assert.Equal(("MistypedReference", "CustomerId"), (problem.EntityType, problem.Property));
        Assert.Contains("'costumer', which the policy does not declare (declared: customer)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_beside_its_root_must_be_a_foreign_key()
    {
        var problem = Assert.Single(await StartAsync<ReferenceBesideRootContext>());
        Assert.Equal(("ReferenceBesideRoot", "AccountId"), (problem.EntityType, problem.Property));
        Assert.Contains("maps their root Account: map the column as a foreign key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task References_to_one_category_need_one_key_type()
    {
        var problem = Assert.Single(await StartAsync<MixedReferenceTypesContext>());
        Assert.Equal(("Order", "BuyerId"), (problem.EntityType, problem.Property));
        Assert.Contains("holds 'customer' identifiers as String, but GuidReference.CustomerId holds them as Guid", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_whose_type_differs_from_the_roots_key_in_another_context_fails_start_up()
    {
        var problem = Assert.Single(await StartAsync<IntReferenceContext>(withIdentity: true));
        Assert.Equal(("IntReference", "CustomerNumber"), (problem.EntityType, problem.Property));
        Assert.Contains("stores the id as Int32, but their root Account.Id stores it as String", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unclassified_reference_whatever_its_name_is_a_foreign_key_that_start_up_accepts_as_technical()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<FreelyNamedReferenceContext>(o => database.Configure(o));
        services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)))
            .AddEntityFrameworkCore<FreelyNamedReferenceContext>();
        await using var provided = services.BuildServiceProvider();
        foreach (var hosted in provided.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        await using var scope = provided.CreateAsyncScope();
        var model = scope.ServiceProvider.GetRequiredService<FreelyNamedReferenceContext>().Model;
        var policy = provided.GetRequiredService<PrivacyPolicy>();
        Assert.Empty(PrivacyModelCheck.Check(model, policy));
        Assert.True(model.FindEntityType(typeof(GiftCard))!.FindProperty(nameof(GiftCard.Holder))!.IsForeignKey());
        Assert.True(model.FindEntityType(typeof(Voucher))!.FindProperty(nameof(Voucher.Owner))!.IsForeignKey());

        // Recorded in the model as a foreign key is: technical, not unclassified, so export and the register see it as such.
        Assert.Equal(nameof(PropertyClassificationKind.Technical),
            model.FindEntityType(typeof(GiftCard))!.FindProperty(nameof(GiftCard.Holder))!.FindAnnotation(PrivacyAnnotationNames.Classification)?.Value);
        Assert.Equal(nameof(PropertyClassificationKind.Technical),
            model.FindEntityType(typeof(Voucher))!.FindProperty(nameof(Voucher.Owner))!.FindAnnotation(PrivacyAnnotationNames.Classification)?.Value);
    }

    private static async Task<IReadOnlyList<PrivacyModelProblem>> StartAsync<TContext>(bool withIdentity = false)
        where TContext : DbContext
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var identity = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<TContext>(o => database.Configure(o));
        services.AddDbContext<IdentityServiceContext>(o => identity.Configure(o));
        var privacy = services.AddPrivacy(p => p.UsePolicy(typeof(DistributedPolicy)).Configure(o => o.ModelNamespaces.Add(typeof(DistributedPolicy).Namespace!)));
        if (withIdentity)
        {
            privacy.AddEntityFrameworkCore<IdentityServiceContext>();
        }

        privacy.AddEntityFrameworkCore<TContext>();
        await using var provided = services.BuildServiceProvider();
        var error = await Assert.ThrowsAsync<PrivacyModelException>(async () =>
        {
            foreach (var hosted in provided.GetServices<IHostedService>())
            {
                await hosted.StartAsync(CancellationToken.None);
            }
        });
        Assert.Empty(await database.TableNamesAsync());
        Assert.All(error.Problems, p => Assert.Equal(PrivacyModelProblemKind.InvalidSubjectReference, p.Kind));
        return error.Problems;
    }
}
