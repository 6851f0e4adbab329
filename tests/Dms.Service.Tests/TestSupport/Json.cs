using System.Net;
using System.Text.Json;

namespace Dms.Service.Tests.TestSupport;

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts the spec §1 error body and returns its message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["code", "message", "error", "details"], body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(code, body.GetProperty("code").GetInt32());
        var message = body.GetProperty("message").GetString()!;
        Assert.Equal(message, body.GetProperty("error").GetString());
        Assert.Equal(0, body.GetProperty("details").GetArrayLength());
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        return message;
    }
}
