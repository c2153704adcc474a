using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Ncs.Privacy.Packaging.Tests;

/// <summary>
/// What a user does: reference the Ncs.Privacy package, nothing else, and build. Packs the library into a local folder
/// feed, builds a fresh project against it and reads the compiler's output. One test for the whole flow, because every
/// step is slow.
/// </summary>
public sealed partial class PackageAnalyzerTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void The_packaged_analyzer_reports_an_unclassified_entity_property_until_it_is_classified()
    {
        var repository = FindRepository();
        var work = Directory.CreateTempSubdirectory("ncs-privacy-packaging-");
        // A version no earlier run can have put in the package cache, so a stale copy cannot pass the test.
        var version = $"0.0.0-packaging.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
        var cachedPackage = Path.Combine(PackageCache(), "ncs.privacy", version);
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work.FullName, "feed")).FullName;
            var app = Directory.CreateDirectory(Path.Combine(work.FullName, "app")).FullName;

            // Built in its own artifacts folder: the working tree's bin/obj (and anyone building there) are left alone.
            var pack = Run(repository, "pack", Path.Combine("src", "Ncs.Privacy", "Ncs.Privacy.csproj"), "-c", "Release", "-o", feed,
                "--artifacts-path", Path.Combine(work.FullName, "artifacts"),
                $"-p:Version={version}", "-p:IncludeSymbols=false", "-nodeReuse:false", "-p:UseSharedCompilation=false");
            Assert.True(pack.ExitCode == 0, "dotnet pack failed:\n" + pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, $"Ncs.Privacy.{version}.nupkg")), "no package in the feed:\n" + pack.Output);

            // The machine's configured sources stay (no <clear/>): EF Core comes from there, Ncs.Privacy from the folder.
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="ncs-privacy-under-test" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "Probe.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Ncs.Privacy" Version="{version}" />
                    <PackageReference Include="Microsoft.EntityFrameworkCore" Version="10.0.15" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Policy.cs"), Policy);
            File.WriteAllText(Path.Combine(app, "Model.cs"), Model(classified: false));

            var first = Run(app, "build", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary");
            Assert.True(first.ExitCode == 0, "the probe did not build:\n" + first.Output);
            AssertNoAnalyzerFailure(first.Output);
            var reported = PrivacyDiagnostics(first.Output);
            Assert.True(reported.Count == 1, "expected exactly one Ncs.Privacy diagnostic, got:\n" + string.Join("\n", reported) + "\n" + first.Output);
            Assert.Matches(@"Model\.cs\(11,19\): warning NCSP001: 'Customer\.Nickname' carries no privacy classification", reported[0]);

            File.WriteAllText(Path.Combine(app, "Model.cs"), Model(classified: true));
            var second = Run(app, "build", "--no-restore", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-clp:NoSummary");
            Assert.True(second.ExitCode == 0, "the classified probe did not build:\n" + second.Output);
            AssertNoAnalyzerFailure(second.Output);
            Assert.True(PrivacyDiagnostics(second.Output).Count == 0, "the diagnostic did not disappear:\n" + second.Output);
        }
        finally
        {
            TryDelete(work.FullName);
            TryDelete(cachedPackage);
        }
    }

    private static string Model(bool classified) => $$"""
        using Microsoft.EntityFrameworkCore;
        using Ncs.Privacy;

        namespace Probe;

        public class Customer
        {
            public int Id { get; set; }

            {{(classified ? "[NotPersonalData(\"A nickname the shop generates; it identifies nobody\")] " : "")}}
            public string Nickname { get; set; } = "";

            [PersonalData(ProbePolicy.Account, ProbePolicy.WhileAccount)]
            public string Email { get; set; } = "";
        }

        public class ProbeDb : DbContext
        {
            public DbSet<Customer> Customers => Set<Customer>();
        }
        """;

    private const string Policy = """
        using Ncs.Privacy;

        namespace Probe;

        [PrivacyPolicy]
        [Controller("Probe AB", Email = "privacy@probe.example")]
        public static class ProbePolicy
        {
            [DataSubjectCategory("Customers")]
            public const string Customer = "customer";

            [Purpose(LegalBasis.Contract, "Run the account", Subjects = [Customer])]
            public const string Account = "account";

            [RetentionRule(EndsWithAccount = true, Description = "While the account exists")]
            public const string WhileAccount = "while-account";
        }
        """;

    private static List<string> PrivacyDiagnostics(string output) =>
        output.Split('\n')
            .Select(line => ProjectSuffix().Replace(line.Trim(), string.Empty))
            .Where(line => PrivacyDiagnostic().IsMatch(line))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static void AssertNoAnalyzerFailure(string output)
    {
        Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS8032", output, StringComparison.Ordinal); // an analyzer that could not be loaded
        Assert.DoesNotContain("CS8033", output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\b(warning|error|info) NCSP\d{3}:")]
    private static partial Regex PrivacyDiagnostic();

    [GeneratedRegex(@"\s*\[[^\]]+\.csproj\]$")]
    private static partial Regex ProjectSuffix();

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ncs.Privacy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Ncs.Privacy.sln not found above " + AppContext.BaseDirectory);
    }

    private static string PackageCache() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static (int ExitCode, string Output) Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into the child builds.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} took longer than {StepTimeout}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
