namespace Ncs.Privacy.Testing;

/// <summary>
/// The repository's root folder (where Ncs.Privacy.sln is), found by walking up from the test's output folder.
/// Not from [CallerFilePath]: CI builds map source paths (ContinuousIntegrationBuild), so those paths do not exist.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The root folder.</summary>
    public static string Path => Root.Value;

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Ncs.Privacy.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Ncs.Privacy.sln) was not found above " + AppContext.BaseDirectory);
    }
}
