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
            throw ApiException.InvalidArgument(Describe(e, type));
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
    internal static string Describe(JsonException e, JsonTypeInfo root)
    {
        var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        if (UnmappedProperty().Match(e.Message) is { Success: true } unknown)
        {
            // The path already ends with the unknown property's name.
            return $"unknown field '{field ?? unknown.Groups[1].Value}' in the request body";
        }

        if (ConvertedTo().IsMatch(e.Message) && field is not null)
        {
            return $"field '{field}' has the wrong type: expected {Expected(FieldType(root, field))}";
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

    /// <summary>The declared type of a dotted JSON path such as <c>dst.size</c>, from the serializer's own metadata.</summary>
    private static Type? FieldType(JsonTypeInfo root, string field)
    {
        Type? current = null;
        var info = root;
        foreach (var name in field.Split('.'))
        {
            var property = info.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                return null;
            }

            current = property.PropertyType;
            info = info.Options.GetTypeInfo(current);
        }

        return current;
    }

    private static string Expected(Type? type) => (Nullable.GetUnderlyingType(type ?? typeof(object)) ?? type) switch
    {
        var t when t == typeof(string) => "a string",
        var t when t == typeof(long) => "a number or a string of digits",
        var t when t == typeof(int) || t == typeof(double) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t is { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(t)),
        _ => "an object",
    };

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("could not be converted to")]
    private static partial Regex ConvertedTo();
}
