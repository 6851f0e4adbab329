using System.Diagnostics;
using System.Text.Json;
using Lightbits.Emulator.Hosting;

namespace Lightbits.Emulator.Tests.Hosting;

/// <summary>The start-up contract scripts rely on, checked against the real lbemu process.</summary>
public sealed class ProcessContractTests
{
    private static string LbemuDll => Path.Combine(AppContext.BaseDirectory, "lbemu.dll");

    [Fact]
    public async Task Serve_PrintsOneJsonLineMatchingClusterJson_AndStopsCleanlyOnSigterm()
    {
        var dataDir = Directory.CreateTempSubdirectory("lbemu-proc-").FullName;
        using var process = Start("serve", "--data-dir", dataDir, "--servers", "2");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));

        var report = JsonSerializer.Deserialize<StartupReport>(line!)!;
        Assert.Equal(2, report.Servers.Count);
        Assert.Equal(line, File.ReadAllText(Path.Combine(dataDir, "cluster.json")).Trim());
        Assert.True(File.Exists(report.SystemJwtPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(report.SystemJwtPath));
        Assert.All(report.Servers, s => Assert.True(Testing.Probe.Accepts(s.ApiEndpoint)));

        Kill(process.Id, "TERM");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData("--servers", "0", "--servers 0 must be 1-16")]
    [InlineData("--address", "localhost:1", "is not an IP address")]
    [InlineData("--server-addresses", "::1", "--server-addresses \"::1\" is not an IPv4 address")]
    [InlineData("--capacity", "10 zib", "unknown unit")]
    [InlineData("--storage", "disk", "--storage \"disk\" must be file or memory")]
    public async Task Serve_BadOption_ExitsWith2AndSaysWhy(string option, string value, string expected)
    {
        using var process = Start("serve", "--data-dir", Path.GetTempPath(), option, value);
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(LbemuDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }

    private static void Kill(int pid, string signal) => Process.Start("kill", $"-{signal} {pid}")!.WaitForExit();
}
