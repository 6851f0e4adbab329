namespace Packaging.Tests;

/// <summary>packaging/dms.service as the deb installs it.</summary>
[Collection(PackagesGroup.Name)]
public sealed class DmsServiceUnitTests(PackagesFixture packages)
{
    [SkippableFact]
    public async Task Unit_PassesSystemdAnalyzeVerify()
    {
        packages.SkipIfNotBuilt();
        Skip.If(Tools.Find("systemd-analyze") is null || !Directory.Exists("/usr/lib/systemd/system"),
            "systemd-analyze and the host's units are missing (apt-get install systemd)");

        // verify resolves the unit's dependencies (sysinit.target…) and executables (/usr/bin/dms,
        // /bin/kill) under --root: lay the host's units and kill beside the unpacked package.
        using var root = await InstalledRoot.ExtractAsync(packages.Deb("dms"));
        await Tools.RunAsync("cp", "-rn", "/usr/lib/systemd/system/.", root.Combine("usr/lib/systemd/system"));
        Directory.CreateDirectory(root.Combine("bin"));
        File.Copy("/bin/kill", root.Combine("bin/kill"));

        var result = await Lightbits.Emulator.Testing.ChildProcess.RunAsync(Tools.Find("systemd-analyze")!,
            ["verify", $"--root={root.Path}", "/usr/lib/systemd/system/dms.service"]);

        // A unit systemd would only warn about (unknown key, bad value) still exits 0: the output must be empty too.
        Assert.True(result.ExitCode == 0 && result.Stdout.Length + result.Stderr.Length == 0, $"exit {result.ExitCode}: {result.Stdout}{result.Stderr}");
    }
}
