using System.Globalization;
using Dms.Contracts.Errors;
using Dms.Contracts.Json;
using Dms.Service.Telemetry;
using Dms.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Api;

/// <summary>
/// Turns every failure into the spec §1 error body — including routes that do not exist and bodies
/// Kestrel refused — and never lets a stack trace reach the client (it goes to the log).
/// </summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, ApiMetrics metrics, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
            if (!context.Response.HasStarted && context.Response.ContentLength is null && context.Response.StatusCode is 404 or 405)
            {
                await WriteAsync(context, context.Response.StatusCode == 404
                    ? ApiException.NotFound($"no route {context.Request.Method} {context.Request.Path}")
                    : new ApiException(ErrorCode.Unimplemented, $"{context.Request.Method} is not allowed on {context.Request.Path}"));
            }
        }
        catch (ApiException e)
        {
            await WriteAsync(context, e);
        }
        catch (WorkflowRequestException e)
        {
            await WriteAsync(context, e.Error switch
            {
                WorkflowRequestError.NotFound => ApiException.NotFound(e.Message),
                WorkflowRequestError.FailedPrecondition => ApiException.FailedPrecondition(e.Message),
                _ => ApiException.InvalidArgument(e.Message),
            });
        }
        catch (BadHttpRequestException e)
        {
            // Spec §1: bad input is 400, also when Kestrel itself refused it (e.g. a body over its limit).
            await WriteAsync(context, ApiException.InvalidArgument($"bad request: {e.Message}"));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            metrics.CountUnhandled();
            logger.LogError(e, "{Method} {Path} failed (request {RequestId})", context.Request.Method, context.Request.Path, context.TraceIdentifier);
            await WriteAsync(context, new ApiException(ErrorCode.Internal,
                $"internal error; the dms log has the details under request id {context.TraceIdentifier}"));
        }
    }

    private static async Task WriteAsync(HttpContext context, ApiException e)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = (int)e.Status;
        if (e.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        if (e.Code == ErrorCode.Unauthenticated)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        await context.Response.WriteAsJsonAsync(ApiError.Of(e.Code, e.Message), DmsJsonContext.Wire.ApiError);
    }
}
