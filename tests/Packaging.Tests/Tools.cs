using Lightbits.Emulator.Testing;

namespace Packaging.Tests;

/// <summary>The host's command-line tools the packaging tests run (dpkg-deb, rpm, systemd-analyze…).</summary>
internal static class Tools
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Where <paramref name="name"/> is on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a tool that must succeed and returns its stdout.</summary>
    public static async Task<string> RunAsync(string name, params string[] args)
    {
        var result = await ChildProcess.RunAsync(Find(name) ?? throw new InvalidOperationException($"{name} is not on PATH"), args);
        Assert.True(result.ExitCode == 0, $"{name} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
        return result.Stdout;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dms.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Dms.sln above {AppContext.BaseDirectory}");
    }
}
