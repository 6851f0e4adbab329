using System.Net.Sockets;
using System.Text;
using Dms.Testing;

namespace Packaging.Tests;

/// <summary>The dms .deb, unpacked into a throw-away root: init, serve over HTTPS, and log in with its dmscli.</summary>
[Collection(PackagesGroup.Name)]
public sealed class DebInstallTests(PackagesFixture packages)
{
    [SkippableFact]
    public async Task DmsDeb_UnpackedIntoAThrowAwayRoot_InitsServesHttpsAndItsDmscliLogsIn()
    {
        packages.SkipIfNotBuilt();
        using var root = await InstalledRoot.ExtractAsync(packages.Deb("dms"));
        Assert.True(Directory.Exists(root.ConfigDir) && Directory.Exists(root.StateDir), "the deb holds /etc/dms and /var/lib/dms");

        await root.InitAsync();
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        var notifyPath = root.Combine("notify");
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        await using var dms = await root.ServeAsync(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath });

        // What Type=notify waits for (packaging/dms.service).
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await notify.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Assert.Equal("READY=1", Encoding.UTF8.GetString(buffer, 0, received));

        var baseUrl = dms.Startup.GetProperty("listen").GetString()!;
        Assert.StartsWith("https://", baseUrl, StringComparison.Ordinal);
        var login = await root.RunAsync("dmscli", null, "login", $"--username={DmsProcess.User}", $"--password={DmsProcess.Password}",
            $"--base-url={baseUrl}", $"--ca-cert={root.TlsCertPath}");
        Assert.True(login.ExitCode == 0, $"dmscli login: {login.Stderr}\ndms: {dms.Stderr}");
        var clusters = await root.RunAsync("dmscli", null, "list", "clusters");
        Assert.True(clusters.ExitCode == 0, $"dmscli list clusters: {clusters.Stderr}");
    }
}
