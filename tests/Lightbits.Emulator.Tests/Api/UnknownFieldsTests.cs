using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Api;

/// <summary>
/// Unknown request fields are accepted, as grpc-gateway v1 accepts them, and recorded for tests
/// (GET/DELETE /_emulator/unknown-fields, or TestCluster.UnknownFields in-process).
/// </summary>
public sealed class UnknownFieldsTests : IAsyncLifetime
{
    private const string Control = "/_emulator/unknown-fields";
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task CreateVolume_WithUnknownFields_IsAccepted_AndEachFieldIsRecordedWithItsRouteAndPath()
    {
        var response = await _cluster.Http().PostAsync("/api/v2/projects/default/volumes", Body(
            """{"name":"v","size":"1 gib","replicaCount":1,"acl":{"values":["ALLOW_NONE"],"valuez":1},"colour":"red","labels":[{"key":"a","value":"b","weight":2}]}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            [
                new("POST", "/api/v2/projects/{project}/volumes", "$.acl.valuez"),
                new("POST", "/api/v2/projects/{project}/volumes", "$.colour"),
                new("POST", "/api/v2/projects/{project}/volumes", "$.labels[0].weight"),
            ],
            _cluster.UnknownFields.OrderBy(f => f.Field, StringComparer.Ordinal));
    }

    [Fact]
    public async Task KnownFieldsOnly_RecordNothing()
    {
        await _cluster.CreateAvailableVolumeAsync("v", "1 gib");
        Assert.Empty(_cluster.UnknownFields);
    }

    [Fact]
    public async Task Control_ListsTheFields_AndDeleteClearsThem()
    {
        await _cluster.Http().PostAsync("/api/v2/projects", Body("""{"name":"p1","descriptoin":"typo"}"""));

        using (var listed = JsonDocument.Parse(await _cluster.Http().GetStringAsync(Control)))
        {
            var field = Assert.Single(listed.RootElement.GetProperty("unknownFields").EnumerateArray());
            Assert.Equal("POST", field.GetProperty("method").GetString());
            Assert.Equal("/api/v2/projects", field.GetProperty("route").GetString());
            Assert.Equal("$.descriptoin", field.GetProperty("field").GetString());
        }

        (await _cluster.Http().DeleteAsync(Control)).EnsureSuccessStatusCode();
        Assert.Empty(_cluster.UnknownFields);
        using var cleared = JsonDocument.Parse(await _cluster.Http().GetStringAsync(Control));
        Assert.False(cleared.RootElement.TryGetProperty("unknownFields", out _), "an empty list is a zero value, left out");
    }

    [Fact]
    public async Task Control_RefusesUnauthenticatedAndProjectAdminCallers()
    {
        var (key, kid) = await _cluster.AddCredentialAsync("default", "admin");
        var projectAdmin = _cluster.Http(_cluster.Mint(key, kid, "default:admin"));
        var anonymous = _cluster.Http(token: "");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Control)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync(Control)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await projectAdmin.GetAsync(Control)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await projectAdmin.DeleteAsync(Control)).StatusCode);
    }

    /// <summary>Each test control that reads a body, with a misspelt field: a typo in a test must fail it, not pass as a field a client sent.</summary>
    public static TheoryData<string, string> MisspeltControls => new()
    {
        { "/_emulator/faults", """{"path":"/**","statuz":500}""" },
        { "/_emulator/changed-blocks-faults", """{"omitLbaStart":0,"omitLbaCout":8}""" },
        { "/_emulator/volumes/{volume}/migrate", """{"durationMs":60000,"durationSecs":60}""" },
    };

    [Theory]
    [MemberData(nameof(MisspeltControls))]
    public async Task TestControls_StayStrict_SoAMisspeltFieldIsRefused_NamingIt_AndChangesNothing(string route, string body)
    {
        var volume = await _cluster.CreateAvailableVolumeAsync("strict", "4 mib");

        var response = await _cluster.Http().PostAsync(route.Replace("{volume}", volume.Uuid, StringComparison.Ordinal), Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var misspelt = JsonDocument.Parse(body).RootElement.EnumerateObject().Last().Name;
        Assert.Contains(misspelt, await TestCluster.BodyAsync(response), StringComparison.Ordinal);
        Assert.Empty(_cluster.UnknownFields);
        Assert.Equal(Lightbits.Api.Model.VolumeState.Available, (await _cluster.Client().GetVolumeAsync("default", volume.Uuid!)).State);
    }
}
