using System.Net;
using Dms.Service.Api;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Api;

/// <summary>Spec §1 Auth: everything but login and the operational routes needs a valid token.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DmsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> AuthenticatedRoutes()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, path) in Routes.Authenticated)
        {
            data.Add(method, path);
        }

        data.Add("GET", "/api/v1/no-such-route");
        return data;
    }

    [Theory]
    [MemberData(nameof(AuthenticatedRoutes))]
    public async Task Route_WithoutOrWithBadToken_Is401WithErrorBody(string method, string path)
    {
        foreach (var token in new string?[] { null, "garbage", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}") };
            using var response = await _host.Http(token).SendAsync(request);
            await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16);
        }
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/openapi/v1.json")]
    public async Task OperationalRoute_NeedsNoToken(string path)
    {
        using var response = await _host.Http().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_CountRequestsByRouteAndShowWorkflowStatesAndBytesCopied()
    {
        using var _ = await _host.Http().GetAsync("/api/v1/clusters");
        var text = await _host.Http().GetStringAsync("/metrics");

        Assert.Contains("dms_http_requests_total{method=\"GET\",route=\"/api/v1/clusters\",status=\"401\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("dms_workflows{state=\"RUNNING\"} 0", text, StringComparison.Ordinal);
        Assert.Contains("dms_bytes_copied_total 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_WithToken_Is404WithErrorBody()
    {
        using var response = await (await _host.AuthorizedAsync()).GetAsync("/api/v1/nothing-here");
        await Json.AssertErrorAsync(response, HttpStatusCode.NotFound, 5);
    }
}
