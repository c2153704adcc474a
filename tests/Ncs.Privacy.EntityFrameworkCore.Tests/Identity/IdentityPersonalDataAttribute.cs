// ASP.NET Core Identity's attribute, recognised by its full name (the library does not reference Identity).
namespace Microsoft.AspNetCore.Identity;

[AttributeUsage(AttributeTargets.Property)]
public sealed class PersonalDataAttribute : Attribute
{
}
