using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Lightbits.Emulator.Hosting;

namespace Lightbits.Emulator.Tests.Hosting;

/// <summary>
/// Test projects run side by side, each starting clusters on ports it found free a moment before:
/// another process may bind one first. A cluster whose ports it picked itself moves on.
/// </summary>
public sealed class PortRaceTests
{
    [Fact]
    public async Task A_PickedPort_TakenBeforeTheBind_MovesTheServer_AndTheNewEndpointsAreRemembered()
    {
        using var thief = new TcpListener(IPAddress.Loopback, 0);
        thief.Start();
        var taken = ((IPEndPoint)thief.LocalEndpoint).Port;
        var picks = 0;
        var dataDir = Directory.CreateTempSubdirectory("lbemu-race-").FullName;
        var options = new EmulatorOptions { DataDir = dataDir, Servers = 1 };

        StartupReport report;
        await using (var host = new EmulatorHost(options) { PortPicker = address => picks++ == 0 ? taken : PortAllocator.FreePort(address) })
        {
            report = await host.StartAsync();
            Assert.NotEqual($"127.0.0.1:{taken}", report.Servers[0].ApiEndpoint);
            Assert.Equal(6, picks);
        }

        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dataDir, "state.json")));
        Assert.Contains(report.Servers[0].ApiEndpoint, state.RootElement.GetRawText(), StringComparison.Ordinal);
        Directory.Delete(dataDir, recursive: true);
    }

    [Fact]
    public void FreePort_NeverHandsOutOnePortTwiceInAProcess()
    {
        var ports = Enumerable.Range(0, 200).Select(_ => PortAllocator.FreePort(IPAddress.Loopback)).ToList();
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }
}
