using System.Net;
using Dms.Contracts;
using Dms.Service.Api;
using Dms.Service.Auth;
using Dms.Service.Configuration;
using Dms.Service.Dashboard;
using Dms.Service.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Dms.Service.Tests.Api;

/// <summary>Spec §1 Auth and DESIGN §8 deny by default, in-process; the attacks on a real process are in Security/.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DmsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void EveryEndpoint_DeclaresWhoMayCallIt_AndOnlyLoginProbesApiDescriptionAndDashboardFilesAreOpen()
    {
        var endpoints = _host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.All(endpoints, e => Assert.NotNull(EndpointAccess.DecisionOf(e.Metadata)));
        var open = endpoints.Where(e => EndpointAccess.DecisionOf(e.Metadata) == EndpointAccess.Open).Select(e => e.RoutePattern.RawText).Order().ToArray();
        // The dashboard's files hold no data (tests/Dms.Dashboard.Tests: anonymous gets the page, never the API).
        Assert.Equal(new[] { Routes.Login, Routes.Healthz, Routes.OpenApi, Routes.Readyz, DashboardEndpoints.Root, DashboardEndpoints.Root + "/{**asset}" }.Order(), open);
    }

    [Fact]
    public void AnEndpointWithoutADecision_StopsDmsFromStarting()
    {
        var undecided = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/forgotten"), 0, EndpointMetadataCollection.Empty, "forgotten");
        var decided = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/v1/fine"), 0, new EndpointMetadataCollection(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute()), "fine");

        var error = Assert.Throws<InvalidOperationException>(() => EndpointAccess.VerifyEveryEndpointDecided([new DefaultEndpointDataSource(decided, undecided)]));
        Assert.Contains("forgotten", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fine", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/api/v1/clusters")]
    [InlineData("GET", "/API/v1/clusters")]
    [InlineData("GET", "/Api/V1/Workflows")]
    [InlineData("GET", "/API/v1/service-credentials")]
    [InlineData("POST", "/API/v1/clusters")]
    [InlineData("GET", "/api/v1/%63lusters")]
    [InlineData("GET", "/api/v1/no-such-route")]
    [InlineData("GET", "/no-such-route")]
    public async Task Route_WithoutOrWithBadToken_Is401WithErrorBody(string method, string path)
    {
        foreach (var token in new string?[] { null, "garbage", "eyJhbGciOiJIUzI1NiJ9.e30.AAAA" })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("""{"apiEndpoint":"127.0.0.1:1"}""") };
            using var response = await _host.Http(token).SendAsync(request);
            await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16);
        }

        Assert.Equal(0, (await _host.Workflows.CountByStateAsync()).Values.Sum());
    }

    [Theory]
    [InlineData("/healthz", "ok\n")]
    [InlineData("/readyz", "ready\n")]
    public async Task Probes_NeedNoToken_AndSayNothingMore(string path, string body)
    {
        using var response = await _host.Http().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_WithAToken_SaysMore()
    {
        var text = await (await _host.AuthorizedAsync()).GetStringAsync("/readyz");
        Assert.StartsWith("ready: ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_NeedAToken_ByDefault()
    {
        using var response = await _host.Http().GetAsync("/metrics");
        await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16);
    }

    [Fact]
    public async Task Metrics_AreOpen_WhenDmsYamlSaysMetricsAuthNone()
    {
        await using var open = await DmsTestHost.StartAsync(s => s with { MetricsAuth = MetricsAuth.None });
        using var response = await open.Http().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_CountRequestsByRouteTemplate_WithBoundedMethods()
    {
        using var _ = await _host.Http().GetAsync("/api/v1/clusters");
        using var made = new HttpRequestMessage(new HttpMethod("FOOA"), "/api/v1/clusters");
        using var __ = await _host.Http().SendAsync(made);
        var text = await (await _host.AuthorizedAsync()).GetStringAsync("/metrics");
        var metrics = PrometheusText.Parse(text, sumRepeatedSeries: true);

        Assert.InRange(metrics.Sum("http_server_request_duration_seconds_count",
            ("http_request_method", "GET"), ("http_route", "/api/v1/clusters"), ("http_response_status_code", "401")), 1, double.MaxValue);
        Assert.DoesNotContain("FOOA", text, StringComparison.Ordinal);
        Assert.NotEmpty(metrics.Series("http_server_request_duration_seconds_count", ("http_request_method", "_OTHER")));
        Assert.NotEmpty(metrics.Series("dms_workflows", ("state", "RUNNING")));
        Assert.Single(metrics.Series("dms_workflow_leftovers"));
    }

    [Fact]
    public async Task UnknownRoute_WithToken_Is404WithErrorBody()
    {
        using var response = await (await _host.AuthorizedAsync()).GetAsync("/api/v1/nothing-here");
        await Json.AssertErrorAsync(response, HttpStatusCode.NotFound, 5);
    }

    [Fact]
    public async Task PasswordChange_RevokesSessions_OnTheNextRequest()
    {
        var http = await _host.AuthorizedAsync();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/clusters")).StatusCode);

        HtpasswdWriter.SetPassword(_host.ConfigDir.HtpasswdFile, DmsTestHost.User, "a-new-password");

        using var response = await http.GetAsync("/api/v1/clusters");
        var message = await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16);
        Assert.Contains("revoked", message, StringComparison.Ordinal);
        var fresh = _host.Http(await _host.LoginAsync(DmsTestHost.User, "a-new-password"));
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/clusters")).StatusCode);
    }

    [Fact]
    public async Task ExpiredSession_SaysWhenItExpired()
    {
        var expired = new SessionTokens(_host.Runtime.SessionKey, _host.Get<HtpasswdFile>().EntryOf,
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-31)), TimeSpan.FromDays(30)).Issue(DmsTestHost.User);

        using var response = await _host.Http(expired).GetAsync("/api/v1/clusters");
        var message = await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16);
        Assert.Contains("expired at", message, StringComparison.Ordinal);
    }
}
