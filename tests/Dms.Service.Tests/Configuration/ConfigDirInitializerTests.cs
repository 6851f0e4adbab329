using System.Text.RegularExpressions;
using Dms.Service.Configuration;

namespace Dms.Service.Tests.Configuration;

public sealed class ConfigDirInitializerTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly ConfigDir _dir = new(Directory.CreateTempSubdirectory("dms-init-").FullName);

    [Fact]
    public void Run_WritesDmsYamlAndEverySecretOwnerOnly_AndLeavesNoTempFiles()
    {
        ConfigDirInitializer.Run(_dir, new ConfigDirInitializer.Options(["localhost"], "admin", () => "pw", ClusterKeyBits: 2048), TimeProvider.System);

        foreach (var file in new[] { _dir.SettingsFile, _dir.ClusterKeyFile, _dir.SessionKeyFile, _dir.TlsKeyFile, _dir.HtpasswdFile })
        {
            Assert.True(File.GetUnixFileMode(file) == OwnerOnly, $"{file} is {File.GetUnixFileMode(file)}");
        }

        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    [Fact]
    public void DefaultDmsYaml_NamesTheSecuritySettings_WithTheLoadersSpellingsAndTheDefaults()
    {
        ConfigDirInitializer.Run(_dir, new ConfigDirInitializer.Options(["localhost"], "admin", () => "pw", ClusterKeyBits: 2048), TimeProvider.System);
        var yaml = File.ReadAllText(_dir.SettingsFile);
        foreach (var key in new[] { "metricsAuth", "clusterTrust", "clusterTokenLifetime", "clusterConnectTimeout" })
        {
            Assert.Matches(new Regex($"^{key}: ", RegexOptions.Multiline), yaml);
        }

        // A misspelt key fails to load (unknown setting); a value other than the default differs below.
        var loaded = SettingsLoader.Load(_dir.Path, new Dictionary<string, string?>(), new Dictionary<string, string>());

        var defaults = new DmsSettings { ConfigDir = _dir };
        Assert.Equal((defaults.MetricsAuth, defaults.ClusterTrust, defaults.ClusterTokenLifetime, defaults.ClusterConnectTimeout),
            (loaded.MetricsAuth, loaded.ClusterTrust, loaded.ClusterTokenLifetime, loaded.ClusterConnectTimeout));
    }

    public void Dispose() => Directory.Delete(_dir.Path, recursive: true);
}
