using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Api;

public sealed class LoginTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DmsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Login_HttpBasic_ReturnsBearerTokenFor30DaysAsString_ThatOpensTheApi()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/login");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{DmsTestHost.User}:{DmsTestHost.Password}")));
        using var response = await _host.Http().SendAsync(request);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal("2592000", body.GetProperty("expiresIn").GetString());
        using var clusters = await _host.Http(body.GetProperty("idToken").GetString()).GetAsync("/api/v1/clusters");
        Assert.Equal(HttpStatusCode.OK, clusters.StatusCode);
    }

    // That an unknown user costs what a wrong password costs (DESIGN §8) is measured by bench/Dms.Bench, not
    // asserted here: a timing ratio inside the gate fails on a loaded machine.
    [Fact]
    public async Task Login_JsonForm_Works_AndWrongPasswordOrUnknownUserIs401()
    {
        Assert.NotEmpty(await _host.LoginAsync());
        using var wrong = await _host.Http().PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = "nope" });
        using var unknown = await _host.Http().PostAsJsonAsync("/api/v1/login", new { username = "ghost", password = "nope" });

        var wrongMessage = await Json.AssertErrorAsync(wrong, HttpStatusCode.Unauthorized, 16);
        Assert.Equal(wrongMessage, await Json.AssertErrorAsync(unknown, HttpStatusCode.Unauthorized, 16));
    }

    [Fact]
    public async Task Login_FailuresFromAnotherAddress_NeverRefuseTheCorrectPassword()
    {
        await using var host = await DmsTestHost.StartAsync(s => s with { LoginMaxFailures = 5 });
        var guesser = host.Http(from: IPAddress.Parse("127.0.0.2"));
        for (var i = 0; i < 5; i++)
        {
            using var failed = await guesser.PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = "bad" });
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var throttled = await guesser.PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = "bad" });
        await Json.AssertErrorAsync(throttled, HttpStatusCode.TooManyRequests, 8);
        Assert.NotNull(throttled.Headers.RetryAfter);

        using var rightful = await host.Http(from: IPAddress.Loopback).PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = DmsTestHost.Password });
        Assert.Equal(HttpStatusCode.OK, rightful.StatusCode);
    }

    [Fact]
    public async Task Login_ParallelWrongGuesses_GetAtMostMaxFailuresChecks_TheRestAre429WithRetryAfter()
    {
        await using var host = await DmsTestHost.StartAsync(s => s with { LoginMaxFailures = 5 });
        var http = await WarmHttp2ClientAsync(host);
        async Task<(HttpStatusCode Status, bool HasRetryAfter)> GuessAsync(int i)
        {
            using var response = await http.PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = $"guess-{i}" });
            return (response.StatusCode, response.Headers.RetryAfter is not null);
        }

        var guesses = await WithThreadPoolOfAtLeast(32, () => Task.WhenAll(Enumerable.Range(0, 20).Select(GuessAsync)));

        Assert.InRange(guesses.Count(g => g.Status == HttpStatusCode.Unauthorized), 1, 5);
        Assert.All(guesses.Where(g => g.Status != HttpStatusCode.Unauthorized), g => Assert.Equal((HttpStatusCode.TooManyRequests, true), g));
    }

    /// <summary>
    /// HTTP/2 on one connection warmed up by a login (a success leaves the address's count alone):
    /// requests sent together then reach dms within a fraction of one password check.
    /// </summary>
    private static async Task<HttpClient> WarmHttp2ClientAsync(DmsTestHost host)
    {
        var http = host.Http();
        http.DefaultRequestVersion = HttpVersion.Version20;
        http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var warmUp = await http.PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = DmsTestHost.Password });
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (warmUp.StatusCode, warmUp.Version));
        return http;
    }

    /// <summary>
    /// Kestrel runs requests on the thread pool, which on a small machine starts with a thread per
    /// core: parallel logins would be checked two at a time, and a throttle that counts only after
    /// the check would slip through unseen. With enough threads they are all in the check together.
    /// </summary>
    private static async Task<T> WithThreadPoolOfAtLeast<T>(int threads, Func<Task<T>> work)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, threads), io);
        try
        {
            return await work();
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }
}
