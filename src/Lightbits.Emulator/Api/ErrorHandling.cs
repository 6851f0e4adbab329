using System.Text.Json;
using Lightbits.Emulator.Wire;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// Turns every refusal into grpc-gateway's error body (spec lightbits-api.md §2) and every
/// surprise into a 500 that says nothing about the emulator's insides.
/// </summary>
internal sealed class ErrorHandling(RequestDelegate next, ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e)
        {
            await WriteAsync(context, (int)e.Status, e.GrpcCode, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, 3, $"bad request: {e.Message}");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, 13, "internal error");
        }
    }

    internal static async Task WriteAsync(HttpContext context, int status, int code, string message)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new ErrorBody { Code = code, Message = message, Error = message, Details = [] };
        var emitDefaults = context.RequestServices.GetRequiredService<EmulatorOptions>().EmitDefaults;
        await JsonSerializer.SerializeAsync(context.Response.Body, body, WireJson.Responses(emitDefaults), context.RequestAborted);
    }
}
