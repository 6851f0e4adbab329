using System.Net;
using System.Text;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>
/// Every test control under /_emulator is behind the system JWT: a caller without a token, or with
/// a project admin's, can neither break a cluster (faults, stopped servers, wrong changed blocks)
/// nor read what other clients sent. The access check comes before the body is read, so even a
/// well-formed request is refused.
/// </summary>
public sealed class EmulatorAdminRoutesTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <summary>Each control the emulator maps (Api/EmulatorAdminRoutes), with a body it would accept from the system JWT.</summary>
    public static TheoryData<string, string, string?> Controls => new()
    {
        { "POST", "/_emulator/faults", """{"method":"GET","path":"/**","status":503,"count":1}""" },
        { "DELETE", "/_emulator/faults", null },
        { "POST", "/_emulator/changed-blocks-faults", """{"omitLbaStart":0,"omitLbaCount":8}""" },
        { "GET", "/_emulator/unknown-fields", null },
        { "DELETE", "/_emulator/unknown-fields", null },
        { "POST", "/_emulator/volumes/{volume}/migrate", """{"durationMs":1000}""" },
        { "POST", "/_emulator/servers/{server}/stop", null },
        { "POST", "/_emulator/servers/{server}/start", null },
        { "POST", "/_emulator/servers/{server}/drop-connections", null },
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Control_RefusesAnonymousAndProjectAdminCallers_AndChangesNothing(string method, string route, string? body)
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("target", "4 mib");
        var path = route.Replace("{volume}", volume.Uuid, StringComparison.Ordinal).Replace("{server}", _cluster.Report.Servers[0].Name, StringComparison.Ordinal);
        var (key, kid) = await _cluster.AddCredentialAsync("default", "admin");
        var callers = new[]
        {
            (Client: _cluster.Http(token: ""), Expected: HttpStatusCode.Unauthorized),
            (Client: _cluster.Http(_cluster.Mint(key, kid, "default:admin")), Expected: HttpStatusCode.Forbidden),
        };

        foreach (var (client, expected) in callers)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            Assert.Equal(expected, (await client.SendAsync(request)).StatusCode);
        }

        // Nothing took effect: the volume is still Available and the server still answers.
        var after = await _cluster.Client().GetVolumeAsync("default", volume.Uuid!);
        Assert.Equal(Lightbits.Api.Model.VolumeState.Available, after.State);
    }
}
