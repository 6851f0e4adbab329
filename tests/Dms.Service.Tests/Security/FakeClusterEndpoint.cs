using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Common.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Tests.Security;

/// <summary>
/// An HTTPS endpoint in the test that pretends to be a cluster's API: it records every request it
/// receives (with its bearer token) and answers as <c>respond</c> says. What an attacker who got
/// DMS to attach to their address would see.
/// </summary>
internal sealed class FakeClusterEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeClusterEndpoint(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>host:port, as an attach request names it.</summary>
    public string Endpoint { get; private set; } = "";

    public string Fingerprint => TlsOptions.Fingerprint(Certificate);

    public static async Task<FakeClusterEndpoint> StartAsync(X509Certificate2 certificate, Func<HttpContext, Task> respond, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new FakeClusterEndpoint(app, certificate);
        app.Run(async context =>
        {
            fake.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString()));
            await respond(context);
        });
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
        return fake;
    }

    /// <summary>What a cluster without DMS's key answers.</summary>
    public static Task Unauthorized(HttpContext context)
    {
        context.Response.StatusCode = 401;
        return context.Response.WriteAsync("""{"code":16,"message":"unauthenticated"}""");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}

internal sealed record RecordedRequest(string Method, string Path, string Authorization);
