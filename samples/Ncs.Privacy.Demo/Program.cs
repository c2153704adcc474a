using Microsoft.Extensions.DependencyInjection;
using Ncs.Privacy;
using Ncs.Privacy.Demo;

// Prints the Art. 30 processing register of NCS Colour's policy, generated from the code in this folder.
// Usage: dotnet run --project samples/Ncs.Privacy.Demo [-- --format markdown|json|csv]
var format = RegisterFormat.Markdown;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--format" && i + 1 < args.Length && Enum.TryParse(args[++i], ignoreCase: true, out RegisterFormat parsed))
    {
        format = parsed;
    }
    else
    {
        await Console.Error.WriteLineAsync("Usage: Ncs.Privacy.Demo [--format markdown|json|csv]");
        return 2;
    }
}

var services = new ServiceCollection();
services.AddPrivacy(privacy => privacy.UsePolicy(typeof(NcsPolicy)));
await using var provider = services.BuildServiceProvider();

try
{
    var register = provider.GetRequiredService<IProcessingRegister>();
    await using var stdout = Console.OpenStandardOutput();
    await register.WriteAsync(stdout, format);
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
