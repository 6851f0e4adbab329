using System.Text.Json;
using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// Reads a request body as grpc-gateway v1 does: malformed JSON and wrong types are 400s that name
/// the field; unknown fields are accepted (its JSONPb unmarshaler allows them) and recorded in the
/// <see cref="UnknownFieldLog"/>. The emulator's own test controls are read strictly instead.
/// </summary>
internal static class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        using var document = await ParseAsync(request);
        var unknown = UnknownFieldFinder.Find(document.RootElement, typeof(T), WireJson.Requests);
        if (unknown.Count > 0)
        {
            var route = (request.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? request.Path.Value ?? "";
            request.HttpContext.RequestServices.GetRequiredService<UnknownFieldLog>()
                .Add(unknown.Select(field => new UnknownField(request.Method, route, field)));
        }
        return Deserialize<T>(document.RootElement, WireJson.Requests);
    }

    public static async Task<T> ReadControlAsync<T>(HttpRequest request) where T : class
    {
        using var document = await ParseAsync(request);
        return Deserialize<T>(document.RootElement, WireJson.Controls);
    }

    private static async Task<JsonDocument> ParseAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            throw Invalid(e);
        }
    }

    private static T Deserialize<T>(JsonElement body, JsonSerializerOptions options) where T : class
    {
        try
        {
            return body.Deserialize<T>(options)
                ?? throw ApiException.BadRequest("request body is empty; a JSON object is required");
        }
        catch (JsonException e)
        {
            throw Invalid(e);
        }
    }

    private static ApiException Invalid(JsonException e)
    {
        var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
        return ApiException.BadRequest($"invalid request body{where}: {FirstSentence(e.Message)}");
    }

    private static string FirstSentence(string message)
    {
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            return "the value has the wrong type";
        }
        // System.Text.Json appends "Path: … | LineNumber: …" which repeats what we already said.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
