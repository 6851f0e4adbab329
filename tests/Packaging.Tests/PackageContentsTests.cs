namespace Packaging.Tests;

/// <summary>What each artifact of scripts/package.sh holds.</summary>
[Collection(PackagesGroup.Name)]
public sealed class PackageContentsTests(PackagesFixture packages)
{
    [SkippableTheory]
    [InlineData("dms", new[] { "/etc/dms", "/usr/bin/dms", "/usr/bin/dmscli", "/usr/lib/systemd/system/dms.service", "/var/lib/dms" })]
    [InlineData("dms-emulator", new[] { "/usr/bin/lbcli", "/usr/bin/lbemu" })]
    public async Task DebAndRpm_InstallTheSameFiles(string package, string[] files)
    {
        packages.SkipIfNotBuilt();
        Assert.Equal(files, OwnedPaths(await Tools.RunAsync("dpkg-deb", "-c", packages.Deb(package))));

        Skip.If(!File.Exists(packages.Rpm(package)), "no RPMs: rpmbuild is missing (apt-get install rpm as root)");
        var rpmList = await Tools.RunAsync("rpm", "-qlp", packages.Rpm(package));
        Assert.Equal(files, rpmList.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Tarball_HoldsTheFourExecutablesAndTheUnit()
    {
        packages.SkipIfNotBuilt();
        var listing = await Tools.RunAsync("tar", "-tzf", packages.Tarball);
        var top = $"dms-{PackagesFixture.Version}-linux-x64/";
        Assert.Equal(new[] { "dms", "dms.service", "dmscli", "lbcli", "lbemu" },
            listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => p != top).Select(p => p[top.Length..]).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The deb's entries without the directories it only passes through (./usr/, ./usr/bin/…), which
    /// is what rpm -qlp lists: files and the directories the package owns (%dir).
    /// </summary>
    private static IEnumerable<string> OwnedPaths(string dpkgListing)
    {
        var paths = dpkgListing.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1].TrimStart('.').TrimEnd('/'))
            .Where(path => path.Length > 0)
            .ToList();
        return paths.Where(path => !paths.Any(other => other.StartsWith(path + "/", StringComparison.Ordinal))).Order(StringComparer.Ordinal);
    }
}
