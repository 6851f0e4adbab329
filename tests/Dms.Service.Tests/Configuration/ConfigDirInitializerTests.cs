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

    public void Dispose() => Directory.Delete(_dir.Path, recursive: true);
}
