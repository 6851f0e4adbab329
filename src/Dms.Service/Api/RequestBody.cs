using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Dms.Service.Api;

/// <summary>
/// Reads a JSON request body with messages that name the field (spec §1): malformed JSON, unknown
/// fields, wrong types and oversized bodies are 400s before any handler logic runs.
/// </summary>
internal static partial class RequestBody
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type, int maxBytes, Func<T> whenEmpty)
    {
        var bytes = await ReadBytesAsync(context.Request, maxBytes, context.RequestAborted);
        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
        {
            return whenEmpty();
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw ApiException.InvalidArgument("the request body must be a JSON object, not null");
        }
        catch (JsonException e)
        {
            throw ApiException.InvalidArgument(Describe(e));
        }
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            throw ApiException.InvalidArgument($"the request body is {request.ContentLength} bytes; the limit is {maxBytes}");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                throw ApiException.InvalidArgument($"the request body is larger than the limit of {maxBytes} bytes");
            }
        }

        return buffer.ToArray();
    }

    /// <summary>System.Text.Json's messages name .NET types; ours name the JSON field and what it should be.</summary>
    internal static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (UnmappedProperty().Match(e.Message) is { Success: true } unknown)
        {
            var name = unknown.Groups[1].Value;
            var parent = field is { Length: > 0 } ? field + "." : "";
            return $"unknown field '{parent}{name}' in the request body";
        }

        if (ConvertedTo().Match(e.Message) is { Success: true } converted && field is not null)
        {
            return $"field '{field}' has the wrong type: expected {Expected(converted.Groups[1].Value)}";
        }

        if (ConvertedTo().IsMatch(e.Message))
        {
            return "the request body must be a JSON object";
        }

        var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
        var first = e.InnerException?.Message ?? e.Message;
        var sentence = first.Split(". ", 2)[0].TrimEnd('.');
        return $"malformed JSON{where}{(field is null ? "" : $" (in field '{field}')")}: {sentence}";
    }

    private static string Expected(string dotnetType) => dotnetType switch
    {
        var t when t.Contains("String", StringComparison.Ordinal) => "a string",
        var t when t.Contains("Int", StringComparison.Ordinal) || t.Contains("Double", StringComparison.Ordinal) => "a number",
        var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        var t when t.Contains("ConnectionStatus", StringComparison.Ordinal) => "a status name",
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex(@"could not be converted to ([\w.`\[\]]+)")]
    private static partial Regex ConvertedTo();
}
