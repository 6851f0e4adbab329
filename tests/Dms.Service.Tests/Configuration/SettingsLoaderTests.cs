using Dms.Service.Configuration;

namespace Dms.Service.Tests.Configuration;

public sealed class SettingsLoaderTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dms-settings-").FullName;

    [Fact]
    public void Load_YamlThenEnvironmentThenFlags_LaterWins()
    {
        File.WriteAllText(Path.Combine(_dir, "dms.yaml"), "listen: 0.0.0.0:443\nstateDir: /a\ntokenLifetime: 1d\nstore: sqlite\n");
        var settings = SettingsLoader.Load(_dir,
            new Dictionary<string, string?> { ["DMS_STATE_DIR"] = "/b", ["DMS_TOKEN_LIFETIME"] = "2h" },
            new Dictionary<string, string> { ["listen"] = "127.0.0.1:8443" });

        Assert.Equal("127.0.0.1:8443", settings.Listen);
        Assert.Equal("/b", settings.StateDir);
        Assert.Equal(TimeSpan.FromHours(2), settings.TokenLifetime);
    }

    [Theory]
    [InlineData("", 120)]
    [InlineData("changedBlocksCheckTimeout: 30s\n", 30)]
    [InlineData("changedBlocksCheckTimeout: off\n", 0)]
    public void ChangedBlocksCheckTimeout_IsTwoMinutesADurationOrOff(string yaml, int seconds)
    {
        File.WriteAllText(Path.Combine(_dir, "dms.yaml"), yaml);
        var settings = SettingsLoader.Load(_dir, new Dictionary<string, string?>(), new Dictionary<string, string>());
        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.ChangedBlocksCheckTimeout);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("otlpEndpoint: \"\"\n", null)]
    [InlineData("otlpEndpoint: http://collector:4317\n", "http://collector:4317/")]
    public void OtlpEndpoint_IsOffByDefault_OrAnHttpUri(string yaml, string? expected)
    {
        File.WriteAllText(Path.Combine(_dir, "dms.yaml"), yaml);
        var settings = SettingsLoader.Load(_dir, new Dictionary<string, string?>(), new Dictionary<string, string>());
        Assert.Equal(expected, settings.OtlpEndpoint?.ToString());
    }

    [Theory]
    [InlineData("colour: blue\n", "unknown setting 'colour'")]
    [InlineData("changedBlocksCheckTimeout: 1h\n", "more than the limit")]
    [InlineData("listen: localhost\n", "'localhost' is not ADDRESS:PORT")]
    [InlineData("tls: maybe\n", "'maybe' is not true or false")]
    [InlineData("otlpEndpoint: collector:4317\n", "is not an http(s) URI of an OTLP collector")]
    [InlineData("listen: [1, 2]\n", "listen must be a single value")]
    public void Load_BadSetting_NamesKeyAndValue(string yaml, string expected)
    {
        File.WriteAllText(Path.Combine(_dir, "dms.yaml"), yaml);
        var e = Assert.Throws<ConfigException>(() => SettingsLoader.Load(_dir, new Dictionary<string, string?>(), new Dictionary<string, string>()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToNpgsql_PostgresUrl_BecomesConnectionString()
    {
        var parsed = new Npgsql.NpgsqlConnectionStringBuilder(
            Dms.Service.Workflows.WorkflowStores.ToNpgsql("postgres://u:p%20w@db:5433/dms?sslmode=require"));

        Assert.Equal(("db", 5433, "dms", "u", "p w", Npgsql.SslMode.Require),
            (parsed.Host, parsed.Port, parsed.Database, parsed.Username, parsed.Password, parsed.SslMode));
    }
}
