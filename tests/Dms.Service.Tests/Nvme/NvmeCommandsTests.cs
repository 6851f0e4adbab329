using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Nvme;

/// <summary>`dms nvme …` as an operator runs it (a child process) against an lbemu cluster's NVMe/TCP endpoints.</summary>
public sealed class NvmeCommandsTests : IAsyncLifetime
{
    private const string Host = "nqn.2014-08.org.nvmexpress:uuid:d1a90000-0000-4000-8000-000000000001";
    private TestCluster _cluster = null!;
    private Volume _volume = null!;
    private string _work = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(o => o with { CreateDelay = TimeSpan.Zero }, servers: 2);
        _volume = await _cluster.CreateAvailableVolumeAsync("diag", "16 mib", Host);
        _work = Directory.CreateTempSubdirectory("dms-nvme-").FullName;
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static Task<ChildProcess.Result> Nvme(params string[] args) =>
        ChildProcess.RunAsync("dms", ["nvme", .. args, "-q", Host]);

    private static (string Address, string Port) Split(string endpoint) => (endpoint[..endpoint.LastIndexOf(':')], endpoint[(endpoint.LastIndexOf(':') + 1)..]);

    [Fact]
    public async Task Discover_PrintsTheLogLikeNvmeCli()
    {
        var (address, port) = Split(_cluster.Report.Servers[0].DiscoveryEndpoint);
        var result = await Nvme("discover", "-a", address, "-s", port);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Discovery Log Number of Records 2", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"subnqn:  {_cluster.Report.SubsystemNqn}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("trtype:  tcp", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"trsvcid: {Split(_cluster.Report.Servers[1].NvmeEndpoint).Port}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identify_ShowsTheVolumeAsANamespace_OptimizedOnlyOnItsPrimary()
    {
        foreach (var server in _cluster.State.Identity.Servers)
        {
            var (address, port) = Split(server.NvmeEndpoint);
            var result = await Nvme("identify", "-a", address, "-s", port, "-n", _cluster.Report.SubsystemNqn);
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"uuid {_volume.Uuid}", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("(16777216 bytes)", result.Stdout, StringComparison.Ordinal);
            Assert.Contains(server.NodeUuid == _volume.PrimaryNodeUuid ? "ana optimized" : "ana inaccessible", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WriteThenRead_RoundTripsTheBytes_WithDigests()
    {
        var data = new byte[12288];
        new Random(5).NextBytes(data);
        var input = Path.Combine(_work, "in.bin");
        var output = Path.Combine(_work, "out.bin");
        await File.WriteAllBytesAsync(input, data);
        var (address, port) = Split(_cluster.PrimaryEndpointOf(_volume).ToString());
        string[] target = ["-a", address, "-s", port, "-n", _cluster.Report.SubsystemNqn, "--nsid", _volume.Nsid.ToString(System.Globalization.CultureInfo.InvariantCulture), "-g", "-G"];

        var written = await Nvme(["write", .. target, "--offset", "1mib", "-i", input]);
        var read = await Nvme(["read", .. target, "--offset", "1mib", "--length", "12288", "-o", output]);

        Assert.True(written.ExitCode == 0, written.Stderr);
        Assert.True(read.ExitCode == 0, read.Stderr);
        Assert.Equal(data, await File.ReadAllBytesAsync(output));
    }

    [Theory]
    [InlineData("--offset", "100", "must be non-zero multiples of the namespace's 4096-byte sectors")]
    [InlineData("--offset", "10 zib", "unknown unit")]
    [InlineData("--offset", "16mib", "past the namespace's end")]
    public async Task Read_BadRange_ExitsWith2AndSaysWhy(string flag, string value, string message)
    {
        var (address, port) = Split(_cluster.PrimaryEndpointOf(_volume).ToString());
        var result = await Nvme("read", "-a", address, "-s", port, "-n", _cluster.Report.SubsystemNqn, "--nsid", "1", flag, value, "--length", "4096", "-o", Path.Combine(_work, "x"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_ThroughANonPrimaryPath_FailsWithTheAnaReason()
    {
        var other = _cluster.State.Identity.Servers.First(s => s.NodeUuid != _volume.PrimaryNodeUuid);
        var input = Path.Combine(_work, "one.bin");
        await File.WriteAllBytesAsync(input, new byte[4096]);
        var (address, port) = Split(other.NvmeEndpoint);
        var result = await Nvme("write", "-a", address, "-s", port, "-n", _cluster.Report.SubsystemNqn, "--nsid", "1", "-i", input);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("inaccessible through this path", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_NothingListening_ExitsWith1()
    {
        var result = await Nvme("discover", "-a", "127.0.0.1", "-s", "1");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("dms nvme:", result.Stderr, StringComparison.Ordinal);
    }
}
