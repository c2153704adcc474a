namespace Microsoft.AspNetCore.Identity
{
    /// <summary>Stands in for ASP.NET Core Identity's attribute, which the library recognises by its full name.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    public class PersonalDataAttribute : Attribute;
}

namespace Ncs.Privacy.Tests.Model
{
    public class IdentityLikeUser
    {
        [Microsoft.AspNetCore.Identity.PersonalData]
        public string? PhoneNumber { get; set; }
    }

    public abstract class ContactBase
    {
        [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account)]
        public string Email { get; set; } = "";
    }

    public sealed class DerivedContact : ContactBase
    {
        [PersonalData(ShopPolicy.Purposes.CustomerService, ShopPolicy.Retention.Account)]
        private string? _phone;

        public string? Phone { get => _phone; set => _phone = value; }
    }
}

namespace Ncs.Privacy.Tests.Model
{
    /// <summary>A library's generic class the application cannot annotate (IdentityUser&lt;TKey&gt;'s shape).</summary>
    public class LibraryAccount<TKey>
    {
        [Microsoft.AspNetCore.Identity.PersonalData]
        public TKey Id { get; set; } = default!;

        public string? Email { get; set; }

        public string? Nickname { get; set; }
    }

    /// <summary>The application's class derived from it, annotating nothing itself.</summary>
    public class AppAccount : LibraryAccount<int>;

    /// <summary>Derived twice: the middle class is the one classified in code.</summary>
    public class PremiumAppAccount : AppAccount;
}
