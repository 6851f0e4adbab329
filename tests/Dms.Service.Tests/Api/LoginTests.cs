using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Api;

public sealed class LoginTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DmsTestHost.StartAsync(s => s with { LoginMaxFailures = 1000 });

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
    public async Task Login_UnknownUser_Returns401InSameTimeAsWrongPassword()
    {
        var http = _host.Http();
        async Task<double> Attempt(string user)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("/api/v1/login", new { username = user, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        var wrongPassword = new List<double>();
        var unknownUser = new List<double>();
        await Attempt("warm-up");
        for (var i = 0; i < 30; i++)
        {
            wrongPassword.Add(await Attempt(DmsTestHost.User));
            unknownUser.Add(await Attempt($"nobody-{i}"));
        }

        // Loose on purpose: a bcrypt check costs tens of ms, skipping it would cost ~0 — a factor far outside 0.5–2.
        var ratio = Median(unknownUser) / Median(wrongPassword);
        Assert.InRange(ratio, 0.5, 2.0);
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
        var http = host.Http();
        var guesses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            http.PostAsJsonAsync("/api/v1/login", new { username = DmsTestHost.User, password = $"guess-{i}" })));

        try
        {
            var checkedGuesses = guesses.Count(r => r.StatusCode == HttpStatusCode.Unauthorized);
            var refused = guesses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.InRange(checkedGuesses, 1, 5);
            Assert.Equal(20 - checkedGuesses, refused.Count);
            Assert.All(refused, r => Assert.NotNull(r.Headers.RetryAfter));
        }
        finally
        {
            foreach (var guess in guesses)
            {
                guess.Dispose();
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
