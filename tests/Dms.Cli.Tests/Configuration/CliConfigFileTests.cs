using Cli.Common;
using Dms.Cli.Configuration;

namespace Dms.Cli.Tests.Configuration;

/// <summary>dms-cli.yaml: the guide's single-server file stays as it is; several contexts are still readable by a dmscli that knows only the guide's keys.</summary>
public sealed class CliConfigFileTests : IDisposable
{
    // The guide's example file (spec §4), as dmscli login has always written it.
    private const string GuideFile = """
        base-url: https://dms.example:443
        auth:
          tokenType: Bearer
          expiresIn: 2592000
          idToken: eyJ.guide.token

        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("dmscli-config-").FullName;

    private string PathOf(string name) => System.IO.Path.Combine(_dir, name);

    [Fact]
    public void GuidesFile_IsOneContextNamedAfterTheServer_AndIsWrittenBackUnchanged()
    {
        var path = PathOf("guide.yaml");
        File.WriteAllText(path, GuideFile);

        var contexts = CliConfigFile.Read(path);

        var only = Assert.Single(contexts.All);
        Assert.Equal("dms.example", only.Name);
        Assert.Equal(only, contexts.Current);
        Assert.Equal("https://dms.example:443", only.Config.BaseUrl);
        Assert.Equal("eyJ.guide.token", only.Config.Auth!.IdToken);
        Assert.Equal(2592000, only.Config.Auth.ExpiresIn);

        CliConfigFile.Write(path, contexts);
        Assert.Equal(GuideFile, File.ReadAllText(path));
    }

    [Fact]
    public void SecondContext_WritesTheContextsForm_ThatReadsBackTheSame_WithTheCurrentOnesKeysOnTopForOlderReaders()
    {
        var path = PathOf("two.yaml");
        File.WriteAllText(path, GuideFile);
        var other = new CliContext("lab", new CliConfig { BaseUrl = "https://dms-lab:8443", Auth = new CliAuth("Bearer", 60, "eyJ.lab.token"), CaCert = "/etc/lab.crt" });

        CliConfigFile.Write(path, CliConfigFile.Read(path).WithCurrent(other));
        var read = CliConfigFile.Read(path);

        Assert.Equal(["dms.example", "lab"], read.All.Select(c => c.Name));
        Assert.Equal(other, read.Current);
        Assert.Equal("eyJ.guide.token", read.Find("dms.example")!.Config.Auth!.IdToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var text = File.ReadAllText(path);
        Assert.StartsWith("current-context: lab\nbase-url: https://dms-lab:8443\nauth:\n", text, StringComparison.Ordinal);
        Assert.Contains("contexts:\n- name: dms.example\n  base-url: https://dms.example:443\n", text, StringComparison.Ordinal);

        // Switching back keeps both; the file stays in the contexts form.
        CliConfigFile.Write(path, read.WithCurrent(read.Find("dms.example")!));
        Assert.Equal("dms.example", CliConfigFile.Read(path).CurrentName);
        Assert.Equal(2, CliConfigFile.Read(path).All.Count);
    }

    [Fact]
    public void UnknownContext_IsNotFoundListingTheNamesThereAre()
    {
        var contexts = new CliContexts("a", [new CliContext("a", new CliConfig()), new CliContext("b", new CliConfig())]);

        var error = Assert.Throws<CliException>(() => contexts.Require("c", "/x.yaml"));

        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.Equal("context 'c' does not exist in /x.yaml; known contexts: a, b", error.Message);
    }

    [Fact]
    public void MissingFile_HasNoContexts()
    {
        Assert.Empty(CliConfigFile.Read(PathOf("none.yaml")).All);
        Assert.Null(CliConfigFile.Read(PathOf("none.yaml")).Current);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
