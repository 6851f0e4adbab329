using System.Text.Json;
using System.Text.Json.Serialization;
using Lightbits.Api.Json;
using Lightbits.Emulator.State;
using Microsoft.AspNetCore.Http;

namespace Lightbits.Emulator.Api;

/// <summary>
/// Reads a request body strictly: malformed JSON, wrong types and unknown fields are 400s that
/// name the field (grpc-gateway's JSONPb unmarshaler also refuses unknown fields).
/// </summary>
internal static class RequestBody
{
    private static readonly JsonSerializerOptions Strict = new(LightbitsJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Strict, request.HttpContext.RequestAborted)
                ?? throw ApiException.BadRequest("request body is empty; a JSON object is required");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            throw ApiException.BadRequest($"invalid request body{where}: {FirstSentence(e.Message)}");
        }
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
