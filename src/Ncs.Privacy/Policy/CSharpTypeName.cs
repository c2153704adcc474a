namespace Ncs.Privacy;

/// <summary>
/// Names a type the way C# source spells it (<c>IdentityUserLogin&lt;string&gt;</c>, not <c>IdentityUserLogin`1</c>),
/// so that every message and the register name types a developer can paste into code.
/// </summary>
internal static class CSharpTypeName
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(string)] = "string", [typeof(object)] = "object", [typeof(bool)] = "bool", [typeof(byte)] = "byte",
        [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int",
        [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float",
        [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
    };

    /// <summary>The short C# name: <c>Order</c>, <c>IdentityUserLogin&lt;string&gt;</c>, <c>int?</c>, <c>byte[]</c>.</summary>
    public static string Of(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword;
        }

        if (type.IsArray)
        {
            return Of(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Of(underlying) + "?";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return (tick < 0 ? name : name[..tick]) + "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.IsGenericParameter ? a.Name : Of(a))) + ">";
    }
}
