using Cli.Common;
using System.Runtime.CompilerServices;
using System.Text;

namespace Dms.Cli.Tests;

/// <summary>
/// Issue 16 finding 9: one exit code per situation, the same in every command (the table of
/// ExitCodes, the README and every --help footer).
/// </summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class ExitCodeContractTests(DmsCliFixture fixture)
{
    private const string Nobody = "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850";

    private static readonly Dictionary<string, string[]> Commands = new(StringComparer.Ordinal)
    {
        ["get credential"] = ["get", "credential"],
        ["list clusters"] = ["list", "clusters"],
        ["attach cluster"] = ["attach", "cluster", "--api-endpoint=127.0.0.1:1"],
        ["refresh clusters"] = ["refresh", "clusters"],
        ["detach cluster"] = ["detach", "cluster", Nobody],
        ["thick-clone volume"] = ["thick-clone", "volume", "--src-cluster-id", Nobody, "--src-proj-name", "default", "--src-snap-id", Nobody,
            "--dst-cluster-id", Nobody, "--dst-name", "v1"],
        ["thick-clone snapshot"] = ["thick-clone", "snapshot", "--src-cluster-id", Nobody, "--src-proj-name", "default", "--src-snap-id", Nobody,
            "--dst-cluster-id", Nobody, "--dst-name", "s1"],
        ["list workflows"] = ["list", "workflows"],
        ["get workflow"] = ["get", "workflow", "--id", Nobody],
        ["cancel workflow"] = ["cancel", "workflow", "--wid", Nobody],
        ["version"] = ["version"],
    };

    public static TheoryData<string, string, int> Contract()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var command in Commands.Keys)
        {
            data.Add(command, "not logged in", ExitCodes.Auth);
            data.Add(command, "token expired", ExitCodes.Auth);
            data.Add(command, "unreachable", ExitCodes.Unreachable);
        }

        foreach (var command in new[] { "detach cluster", "thick-clone volume", "thick-clone snapshot", "get workflow", "cancel workflow" })
        {
            data.Add(command, "not found", ExitCodes.NotFound);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Contract))]
    public async Task EveryCommand_InTheSameSituation_ExitsWithTheSameCode(string command, string situation, int exitCode)
    {
        var args = Commands[command];
        var result = situation switch
        {
            "not logged in" => await DmsCliFixture.RunAsync(fixture.NewHome(), args),
            "token expired" => await DmsCliFixture.RunAsync(HomeWithExpiredToken(), args),
            "unreachable" => await fixture.RunAsync([.. args, "--base-url=https://127.0.0.1:1"]),
            _ => await fixture.RunAsync(args),
        };

        Assert.True(result.ExitCode == exitCode, $"{command} / {situation}: {DmsCliFixture.Describe(result)}");
        Assert.StartsWith("dmscli: ", result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TheReadme_ListsEveryExitCode_AsTheTableSaysIt() => ReadmeListsEveryExitCode();

    private static void ReadmeListsEveryExitCode([CallerFilePath] string source = "")
    {
        var readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "README.md"));
        foreach (var (code, meaning) in ExitCodes.Table)
        {
            Assert.Contains($"| {code} | {meaning} |", readme, StringComparison.Ordinal);
        }
    }

    /// <summary>A config whose token expired an hour ago: its exp claim is all dmscli needs to say so, without asking DMS.</summary>
    private string HomeWithExpiredToken() =>
        fixture.HomeWithConfig($"base-url: {fixture.Dms.BaseUrl}\nca-cert: {fixture.Dms.TlsCertPath}\nauth:\n  tokenType: Bearer\n  expiresIn: 60\n  idToken: {ExpiredJwt(ExpiredAt)}\n");

    public static readonly DateTimeOffset ExpiredAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static string ExpiredJwt(DateTimeOffset exp)
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Part($"{{\"sub\":\"admin\",\"exp\":{exp.ToUnixTimeSeconds()}}}")}.c2ln";
    }
}
