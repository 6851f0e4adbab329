using Lightbits.Emulator.Testing;

namespace Packaging.Tests;

/// <summary>
/// scripts/package.sh, run once for every packaging test: publishing four self-contained
/// executables is the slow part, so the tests share its output.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    public const string Version = "0.0.0-ci";

    /// <summary>RPM versions cannot hold '-'; package.sh turns it into '~' (sorts before the release).</summary>
    public const string RpmVersion = "0.0.0~ci";

    public string OutDir { get; } = Directory.CreateTempSubdirectory("dms-packages-").FullName;

    /// <summary>Why the packages could not be built here, or null.</summary>
    public string? SkipReason { get; private set; }

    public void SkipIfNotBuilt() => Skip.If(SkipReason is not null, SkipReason);

    public string Tarball => Path.Combine(OutDir, $"dms-{Version}-linux-x64.tar.gz");

    public string Deb(string package) => Path.Combine(OutDir, $"{package}_{Version}_amd64.deb");

    public string Rpm(string package) => Path.Combine(OutDir, $"{package}-{RpmVersion}-1.x86_64.rpm");

    public async Task InitializeAsync()
    {
        if (!OperatingSystem.IsLinux() || Tools.Find("dpkg-deb") is null)
        {
            SkipReason = "packages are built on Linux with dpkg-deb (apt-get install dpkg)";
            return;
        }

        var script = Path.Combine(Tools.RepositoryRoot, "scripts", "package.sh");
        var built = await ChildProcess.RunAsync(Tools.Find("bash")!, [script, Version, OutDir], timeout: TimeSpan.FromMinutes(20));
        Assert.True(built.ExitCode == 0, $"package.sh failed ({built.ExitCode}):\n{built.Stderr}");
    }

    public Task DisposeAsync()
    {
        Directory.Delete(OutDir, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackagesGroup : ICollectionFixture<PackagesFixture>
{
    public const string Name = "the packages scripts/package.sh builds";
}
