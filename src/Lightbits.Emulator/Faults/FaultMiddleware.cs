using System.Net;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Hosting;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Faults;

internal sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, ServerIdentity server, ClusterState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (!path.StartsWith(EmulatorAdminRoutes.Prefix, StringComparison.Ordinal) &&
            faults.Match(context.Request.Method, path, server.Name) is { } rule)
        {
            if (rule.LatencyMs > 0)
            {
                await Task.Delay(rule.LatencyMs, context.RequestAborted);
            }
            if (rule.ChangeETag)
            {
                state.ChangeETag(LastSegment(path));
            }
            if (rule.Status != 0)
            {
                var message = rule.Message ?? $"injected fault: {rule.Status} for {context.Request.Method} {path}";
                throw rule.GrpcCode != 0
                    ? new ApiException((HttpStatusCode)rule.Status, rule.GrpcCode, message)
                    : new ApiException((HttpStatusCode)rule.Status, message);
            }
        }
        await next(context);
    }

    private static string LastSegment(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed[(trimmed.LastIndexOf('/') + 1)..];
    }
}
