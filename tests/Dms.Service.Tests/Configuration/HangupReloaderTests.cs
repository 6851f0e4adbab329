using Dms.Service.Configuration;

namespace Dms.Service.Tests.Configuration;

public sealed class HangupReloaderTests
{
    private static readonly DmsSettings Running = new() { ConfigDir = new ConfigDir("/etc/dms") };

    [Fact]
    public void RestartOnlySettingsChanged_NamesTheDmsYamlKeysThatNeedARestart()
    {
        var reloaded = Running with { Listen = "0.0.0.0:8443", Store = "postgres://db/dms", TokenLifetime = TimeSpan.FromDays(1) };

        Assert.Equal(["listen", "store", "tokenLifetime"], HangupReloader.RestartOnlySettingsChanged(Running, reloaded).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RestartOnlySettingsChanged_CopyBandwidthLimits_AreAppliedLiveAndNotNamed()
    {
        var reloaded = Running with { CopyMaxBandwidth = 100 << 20, CopyWorkflowBandwidth = 10 << 20 };

        Assert.Empty(HangupReloader.RestartOnlySettingsChanged(Running, reloaded));
    }
}
