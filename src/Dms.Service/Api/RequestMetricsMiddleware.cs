using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>
/// Counts every request by method, route template and status. Every label comes from a small set,
/// whatever the caller sends: a raw path or a made-up method would let anyone grow the series
/// without bound.
/// </summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics)
{
    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch, HttpMethods.Options,
    };

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var method = KnownMethods.TryGetValue(context.Request.Method, out var known) ? known : "OTHER";
            metrics.CountRequest(method, route, context.Response.StatusCode);
            if (context.Response.StatusCode >= 500)
            {
                metrics.CountError("http_5xx");
            }
        }
    }
}
