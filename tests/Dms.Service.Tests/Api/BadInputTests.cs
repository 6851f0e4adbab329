using System.Net;
using System.Text;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Api;

/// <summary>Spec §1: bad input is 400 naming the field and value, and nothing is written.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _host = await DmsTestHost.StartAsync(s => s with { MaxRequestBodyBytes = 1024 });
        _http = await _host.AuthorizedAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("{\"apiEndpoint\": \"a:1\",", "malformed JSON")]
    [InlineData("{\"apiEndpoint\": \"a:1\", \"extra\": 1}", "unknown field 'extra'")]
    [InlineData("{\"apiEndpoint\": 443}", "field 'apiEndpoint' has the wrong type: expected a string")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{}", "apiEndpoint is required")]
    [InlineData("{\"apiEndpoint\": \"no-port\"}", "apiEndpoint 'no-port' is not host:port")]
    [InlineData("{\"apiEndpoint\": \"host:99999\"}", "apiEndpoint 'host:99999'")]
    public async Task AttachCluster_BadBody_Is400NamingTheProblem_AndCreatesNoWorkflow(string body, string expected)
    {
        using var response = await _http.PostAsync("/api/v1/clusters", new StringContent(body, Encoding.UTF8, "application/json"));

        var message = await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3);
        Assert.True(message.Contains(expected, StringComparison.Ordinal), message);
        Assert.Empty((await _host.Workflows.ListAsync()).Workflows);
    }

    [Fact]
    public async Task AttachCluster_OversizedBody_Is400NamingTheLimit()
    {
        var body = "{\"apiEndpoint\": \"" + new string('a', 5000) + ":1\"}";
        using var response = await _http.PostAsync("/api/v1/clusters", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Contains("limit is 1024", await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
        Assert.Empty((await _host.Workflows.ListAsync()).Workflows);
    }

    [Theory]
    [InlineData("GET", "/api/v1/workflows/not-a-uuid", "workflowId 'not-a-uuid' is not a UUID")]
    [InlineData("POST", "/api/v1/workflows/1234/cancel", "workflowId '1234' is not a UUID")]
    [InlineData("DELETE", "/api/v1/clusters/xyz", "clusterId 'xyz' is not a UUID")]
    [InlineData("GET", "/api/v1/workflows?pageSize=251", "pageSize must be between 1 and 250, got 251")]
    [InlineData("GET", "/api/v1/workflows?pageSize=ten", "pageSize 'ten' is not a whole number")]
    [InlineData("GET", "/api/v1/workflows?nextPageToken=forged!", "nextPageToken")]
    [InlineData("GET", "/api/v1/workflows?state=DONE", "state 'DONE' is not a workflow state; use one or more of PENDING, RUNNING")]
    [InlineData("GET", "/api/v1/workflows?state=RUNNING,&type=ThickClone", "type 'ThickClone' is not a workflow type; use one or more of AttachCluster")]
    public async Task BadPathOrQuery_Is400NamingFieldAndValue(string method, string path, string expected)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Contains(expected, await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_MalformedJson_Is400()
    {
        using var response = await _host.Http().PostAsync("/api/v1/login", new StringContent("{\"username\":", Encoding.UTF8, "application/json"));
        Assert.Contains("malformed JSON", await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownWorkflow_Is404_AndCancelOfEndedWorkflowIs400Code9()
    {
        using var missing = await _http.GetAsync($"/api/v1/workflows/{Guid.NewGuid()}");
        await Json.AssertErrorAsync(missing, HttpStatusCode.NotFound, 5);

        var created = await _host.Workflows.CreateAsync(new NewWorkflow("NoSuchType", "{}", []));
        await _host.Workflows.EndedAsync(created.Id);
        using var cancel = await _http.PostAsync($"/api/v1/workflows/{created.Id}/cancel", new StringContent("{}"));
        Assert.Contains("FAILED", await Json.AssertErrorAsync(cancel, HttpStatusCode.BadRequest, 9), StringComparison.Ordinal);
    }
}
