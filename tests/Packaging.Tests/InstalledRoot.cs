using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Packaging.Tests;

/// <summary>
/// Packages unpacked with `dpkg-deb -x` into a throw-away root: the files as dpkg installs them,
/// without the maintainer scripts, so the tests run `dms init` themselves.
/// </summary>
internal sealed class InstalledRoot : IDisposable
{
    private InstalledRoot(string path) => Path = path;

    public string Path { get; }

    public string ConfigDir => Combine("etc/dms");

    public string StateDir => Combine("var/lib/dms");

    public string TlsCertPath => System.IO.Path.Combine(ConfigDir, "tls.crt");

    public string HtpasswdPath => System.IO.Path.Combine(ConfigDir, ".htpasswd");

    /// <summary>Keeps what the single-file executables extract, and dmscli's config, inside the root.</summary>
    public Dictionary<string, string> ProgramEnvironment => new()
    {
        ["DOTNET_BUNDLE_EXTRACT_BASE_DIR"] = Combine("tmp"),
        ["HOME"] = Combine("root"),
    };

    public static async Task<InstalledRoot> ExtractAsync(params string[] debs)
    {
        var root = new InstalledRoot(Directory.CreateTempSubdirectory("dms-installed-").FullName);
        foreach (var deb in debs)
        {
            await Tools.RunAsync("dpkg-deb", "-x", deb, root.Path);
        }

        Directory.CreateDirectory(root.Combine("tmp"));

        return root;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    public string Executable(string name) => Combine($"usr/bin/{name}");

    /// <summary>An installed program, run to its end.</summary>
    public Task<ChildProcess.Result> RunAsync(string name, string? stdin, params string[] args) =>
        ChildProcess.RunAsync(Executable(name), args, stdin, ProgramEnvironment);

    /// <summary>`dms init` into the root's /etc/dms, with a certificate for 127.0.0.1.</summary>
    public async Task InitAsync()
    {
        var init = await RunAsync("dms", DmsProcess.Password + "\n", "init", "--config-dir", ConfigDir, "--user", DmsProcess.User, "--password-stdin",
            "--host-name", "127.0.0.1", "--host-name", "localhost");
        Assert.True(init.ExitCode == 0, $"dms init failed ({init.ExitCode}): {init.Stderr}");
    }

    /// <summary>`dms serve` from the root, its store in the root's /var/lib/dms, on a free loopback port.</summary>
    public Task<RunningProcess> ServeAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var all = ProgramEnvironment;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return RunningProcess.StartAsync(Executable("dms"), ["serve", "--config-dir", ConfigDir, "--state-dir", StateDir, "--listen", "127.0.0.1:0"], all);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
