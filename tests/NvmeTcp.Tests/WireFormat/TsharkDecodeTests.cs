using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using NvmeTcp.Host;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.WireFormat;

/// <summary>
/// Checks our wire format against an independent decoder: Wireshark's nvme-tcp dissector (DESIGN §7,
/// spec §14). Captures a short host↔target exchange on loopback and lets tshark verify both digests.
/// Runs alone, so the capture is not starved by the rest of the suite.
/// </summary>
[Collection(nameof(TsharkRunsAlone))]
public class TsharkDecodeTests
{
    private const string InstallHint = "tshark is not installed; install it with `apt-get install -y --no-install-recommends tshark` (capturing on lo needs root or the wireshark group).";

    [SkippableFact]
    public async Task HostTargetExchange_DecodesWithoutMalformedPdusOrBadDigests()
    {
        string? tshark = FindOnPath("tshark");
        Skip.If(tshark is null, InstallHint);

        int port = FreeLoopbackPort();
        string capture = Path.Combine(Path.GetTempPath(), $"nvmetcp-{Guid.NewGuid():N}.pcapng");
        try
        {
            using Process capturing = StartCapture(tshark!, port, capture);
            await WaitForCaptureStartAsync(capturing);
            await WaitUntilPacketsAreRecordedAsync(port, capture);

            await using (var target = new LoopbackTarget(new NvmeTcpTargetOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, port) }))
            {
                NvmeHostOptions options = TestOptions.Host(digests: true, queues: 1);
                await NvmeTcpHost.DiscoverAsync(target.EndPoint, options);
                await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, 1, options);
                byte[] data = new byte[64 * 1024];
                new Random(3).NextBytes(data);
                await device.WriteAsync(0, data.AsMemory(0, 4096));   // in-capsule
                await device.WriteAsync(8192, data);                   // R2T + H2CData
                await device.ReadAsync(8192, new byte[data.Length]);   // C2HData
                await device.FlushAsync();
            }

            await WaitForCaptureFileToSettleAsync(capture);
            await StopCaptureAsync(capturing);

            string decoded = await RunAsync(tshark!, $"-r {capture} -d tcp.port=={port},nvme-tcp -o nvme-tcp.check_hdgst:TRUE -o nvme-tcp.check_ddgst:TRUE -Y nvme-tcp -T fields -E separator=; -e nvme-tcp.type -e nvme-tcp.hdgst.status -e nvme-tcp.ddgst.status -e _ws.malformed");
            var types = new HashSet<int>();
            foreach (string line in decoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split(';');
                foreach (string type in fields[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    types.Add(Convert.ToInt32(type, type.StartsWith("0x", StringComparison.Ordinal) ? 16 : 10));
                }

                Assert.DoesNotContain("0", fields[1].Split(','));
                Assert.DoesNotContain("0", fields[2].Split(','));
                Assert.True(string.IsNullOrEmpty(fields[3]), "malformed PDU: " + line);
            }

            // ICReq, ICResp, CapsuleCmd, CapsuleResp, H2CData, C2HData, R2T.
            Assert.Superset(new HashSet<int> { 0, 1, 4, 5, 6, 7, 9 }, types);

            string bad = await RunAsync(tshark!, $"-r {capture} -d tcp.port=={port},nvme-tcp -o nvme-tcp.check_hdgst:TRUE -o nvme-tcp.check_ddgst:TRUE -Y \"nvme-tcp.hdgst.status == 0 || nvme-tcp.ddgst.status == 0 || _ws.malformed\"");
            Assert.True(string.IsNullOrWhiteSpace(bad), bad);
        }
        finally
        {
            File.Delete(capture);
        }
    }

    private static Process StartCapture(string tshark, int port, string file)
    {
        var start = new ProcessStartInfo(tshark, $"-i lo -f \"tcp port {port}\" -w {file}")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("could not start tshark");
    }

    /// <summary>tshark says "Capturing on 'Loopback: lo'" once packets are being recorded.</summary>
    private static async Task WaitForCaptureStartAsync(Process capturing)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? line;
        var seen = new List<string>();
        while ((line = await capturing.StandardError.ReadLineAsync(timeout.Token)) is not null)
        {
            seen.Add(line);
            if (line.Contains("Capturing on", StringComparison.Ordinal))
            {
                _ = capturing.StandardError.ReadToEndAsync(CancellationToken.None);
                return;
            }
        }

        Skip.If(true, "tshark could not capture on lo (" + string.Join(" | ", seen) + "). " + InstallHint);
    }

    /// <summary>
    /// "Capturing on" is printed before dumpcap's filter is attached; on a loaded machine packets sent
    /// in between are lost (the whole suite once captured nothing). Knock on the port (refused
    /// connections still cross lo as SYN/RST) until the capture file grows, then start the exchange.
    /// dumpcap flushes its file about twice a second.
    /// </summary>
    private static async Task WaitUntilPacketsAreRecordedAsync(int port, string file)
    {
        long Length() => File.Exists(file) ? new FileInfo(file).Length : 0;
        await Task.Delay(600);
        long header = Length();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Length() <= header)
        {
            Skip.If(DateTime.UtcNow > deadline, "tshark recorded no packets on lo within 20 s (no capture rights?). " + InstallHint);
            using var knock = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await knock.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                // Refused is the point: the SYN and RST are what dumpcap should see.
            }
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// dumpcap drains the kernel buffer asynchronously; stopping it too early (on a busy machine) loses the
    /// packets. Wait until the file holds our exchange (well past the pcapng header) and stops growing.
    /// </summary>
    private static async Task WaitForCaptureFileToSettleAsync(string file)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        long last = -1;
        int stableChecks = 0;
        while (!deadline.IsCancellationRequested && stableChecks < 5)
        {
            await Task.Delay(100);
            long length = File.Exists(file) ? new FileInfo(file).Length : 0;
            stableChecks = length > 64 * 1024 && length == last ? stableChecks + 1 : 0;
            last = length;
        }
    }

    private static async Task StopCaptureAsync(Process capturing)
    {
        // SIGINT lets dumpcap flush the file; SIGKILL could leave the last packets out.
        using Process kill = Process.Start("kill", $"-INT {capturing.Id}");
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await capturing.WaitForExitAsync(timeout.Token);
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stderr;
        return output;
    }

    /// <summary>A port from the ephemeral range that is free right now.</summary>
    private static int FreeLoopbackPort()
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

[CollectionDefinition(nameof(TsharkRunsAlone), DisableParallelization = true)]
public sealed class TsharkRunsAlone;
