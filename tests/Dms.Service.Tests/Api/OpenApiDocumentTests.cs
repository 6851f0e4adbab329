using System.Text.Json;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Api;

/// <summary>
/// The OpenAPI document describes every request body, so operators can generate clients from it;
/// describing them enforces nothing (a body without a content type is still read, as curl sends it).
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private DmsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await DmsTestHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/login", true, "username")]
    [InlineData("/api/v1/clusters", true, "apiEndpoint")]
    [InlineData("/api/v1/volumes/thickclone", true, "verifyClone")]
    [InlineData("/api/v1/snapshots/thickclone", true, "verifyClone")]
    [InlineData("/api/v1/clusters/refresh", false, null)]
    [InlineData("/api/v1/workflows/{workflowId}/cancel", false, null)]
    public async Task PostBody_IsDescribedWithItsFields(string path, bool required, string? field)
    {
        using var document = JsonDocument.Parse(await _host.Http().GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;

        var body = root.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody");
        Assert.Equal(required, body.TryGetProperty("required", out var r) && r.GetBoolean());
        var schema = body.GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (field is not null)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            }

            var properties = schema.GetProperty("properties");
            Assert.True(properties.TryGetProperty(field, out _), $"the body lists {string.Join(", ", properties.EnumerateObject().Select(p => p.Name))}");
        }
    }

    [Theory]
    [InlineData("bytesBasis", "'plan' = the copy plan")]
    [InlineData("bytesTotal", "as bytesBasis says")]
    [InlineData("volumeBytes", "size of the volume")]
    [InlineData("etaSeconds", "not a time of day")]
    public async Task WorkflowProgress_SaysWhatEachFieldCounts(string field, string described)
    {
        using var document = JsonDocument.Parse(await _host.Http().GetStringAsync("/openapi/v1.json"));

        var progress = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("WorkflowProgress").GetProperty("properties");
        Assert.Contains(described, progress.GetProperty(field).GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
