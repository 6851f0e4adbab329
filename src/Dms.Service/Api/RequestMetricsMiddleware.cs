using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dms.Service.Api;

/// <summary>Counts every request by its route template (not the raw path, which would explode the label set).</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, ServiceMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.CountRequest(context.Request.Method, route, context.Response.StatusCode);
            if (context.Response.StatusCode >= 500)
            {
                metrics.CountError("http_5xx");
            }
        }
    }
}
