using System.Net;
using System.Text.Json;
using Dms.Service.Api;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Security;

/// <summary>
/// Every operation the running `dms` describes, attacked without a valid session: no credential,
/// forged and expired ones, and spellings of the path that routing treats as the same route.
/// The list comes from the process's own OpenAPI document, so a new endpoint is attacked the day
/// it is added — and fails the test if it declares no access decision.
/// </summary>
public sealed class EndpointAttackTests(DmsUnderAttack target) : IClassFixture<DmsUnderAttack>
{
    private static readonly string[] OpenOperations = ["GET /healthz", "GET /readyz", "POST /api/v1/login"];

    [Fact]
    public async Task EveryOperation_DeclaresAnAccessDecision_AndOnlyLoginAndProbesAreOpen()
    {
        var operations = await OperationsAsync();

        Assert.All(operations, o => Assert.True(o.Access is EndpointAccess.Open or EndpointAccess.Session, $"{o.Method} {o.Path} declares '{o.Access}'"));
        Assert.Equal(OpenOperations, operations.Where(o => o.Access == EndpointAccess.Open).Select(o => $"{o.Method} {o.Path}").Order());
        Assert.True(operations.Count(o => o.Access == EndpointAccess.Session) >= 10, "fewer session operations than the API has: is the document complete?");
    }

    [Fact]
    public async Task EveryOperationNotDeclaredOpen_RefusesEveryBadCredential_UnderEveryPathSpelling()
    {
        var credentials = target.BadCredentials();
        var failures = new List<string>();
        using var http = target.Dms.Http();
        foreach (var operation in (await OperationsAsync()).Where(o => o.Access != EndpointAccess.Open))
        {
            var path = Concrete(operation.Path);
            foreach (var (spelling, variant) in Spellings(path))
            {
                foreach (var (name, authorization) in credentials)
                {
                    using var response = await SendAsync(http, operation.Method, variant, authorization);
                    if (response.IsSuccessStatusCode || (spelling == "as documented" && response.StatusCode != HttpStatusCode.Unauthorized))
                    {
                        failures.Add($"{operation.Method} {variant} with {name}: {(int)response.StatusCode}");
                    }
                }
            }

            foreach (var method in new[] { "HEAD", "OPTIONS", "TRACE" })
            {
                using var response = await SendAsync(http, method, path, null);
                if (response.IsSuccessStatusCode)
                {
                    failures.Add($"{method} {path} without a token: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task TheAttacksCanFail_AValidTokenIsAccepted()
    {
        using var http = target.Dms.Http();
        using var response = await SendAsync(http, "GET", "/API/v1/clusters", "Bearer " + target.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AThousandRequestsWithMadeUpMethodsAndPaths_LeaveMetricsBounded()
    {
        var random = new Random(11);
        using var http = target.Dms.Http();
        for (var i = 0; i < 1000; i++)
        {
            var method = new string([.. Enumerable.Range(0, 6).Select(_ => (char)('A' + random.Next(26)))]);
            using var _ = await SendAsync(http, method, $"/api/v1/{Guid.NewGuid():N}/x{i}", null);
        }

        using var authorized = target.Dms.Http();
        authorized.DefaultRequestHeaders.Authorization = new("Bearer", target.Token);
        var series = PrometheusText.Parse(await authorized.GetStringAsync("/metrics"), sumRepeatedSeries: true).Series("http_server_request_duration_seconds_count").ToList();

        Assert.InRange(series.Count, 1, 30);
        Assert.Contains(series, s => s.Labels.GetValueOrDefault("http_request_method") == "_OTHER");
        Assert.DoesNotContain(series, s => s.Labels.Values.Any(v => v.Contains("/x", StringComparison.Ordinal)));
    }

    private async Task<IReadOnlyList<(string Method, string Path, string Access)>> OperationsAsync()
    {
        using var http = target.Dms.Http();
        var document = await Json.ReadAsync(await http.GetAsync("/openapi/v1.json"));
        var operations = new List<(string, string, string)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var access = operation.Value.TryGetProperty("x-dms-access", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "(none)";
                operations.Add((operation.Name.ToUpperInvariant(), path.Name, access));
            }
        }

        return operations;
    }

    /// <summary>Route parameters filled with a UUID: every id in this API is one.</summary>
    private static string Concrete(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "0c1d2e3f-0000-4000-8000-000000000001");

    private static IEnumerable<(string Name, string Path)> Spellings(string path)
    {
        yield return ("as documented", path);
        yield return ("upper case", path.ToUpperInvariant());
        yield return ("mixed case", string.Concat(path.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)));
        yield return ("double slash", "/" + path);
        yield return ("trailing slash", path + "/");
        var segment = path.IndexOf("/v1/", StringComparison.Ordinal) + 4;
        yield return ("percent-encoded letter", path[..segment] + $"%{(int)path[segment]:X2}" + path[(segment + 1)..]);
        yield return ("encoded slash", path.Replace("/v1/", "/v1%2F", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? authorization)
    {
        // An absolute URI keeps "//api/…" a path rather than a host name.
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(target.Dms.BaseUrl + path));
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("""{"apiEndpoint":"127.0.0.1:9"}""", System.Text.Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request);
    }
}
