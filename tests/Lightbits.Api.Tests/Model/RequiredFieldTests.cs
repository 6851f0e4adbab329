using System.Text.Json;
using Lightbits.Api.Http;
using Lightbits.Api.Json;
using Lightbits.Api.Model;

namespace Lightbits.Api.Tests.Model;

/// <summary>A field a caller cannot do without fails naming the cluster, the resource and the field.</summary>
public sealed class RequiredFieldTests
{
    private static readonly Volume Fresh = JsonSerializer.Deserialize<Volume>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Model", "Golden", "volume-zeros-omitted.json")), LightbitsJson.Options)!;

    [Fact]
    public void NonZero_AbsentNsid_NamesClusterResourceAndField_AndIsNotRetryable()
    {
        var error = Assert.Throws<LightbitsApiException>(() => RequiredField.NonZero(Fresh.Nsid, "c1a2b3c4", $"volume {Fresh.Name} ({Fresh.Uuid})", "nsid"));

        Assert.StartsWith("cluster c1a2b3c4: volume fresh (a7f67ad0-b6f5-4e3e-8b3b-7a2f0f4c9a11) has no nsid", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsRetryable);
        Assert.Null(error.Status);
    }

    [Fact]
    public void Text_AbsentOrEmpty_IsMissing_PresentIsReturned()
    {
        Assert.Throws<LightbitsApiException>(() => RequiredField.Text(Fresh.PrimaryNodeUuid, "c", "volume fresh", "primaryNodeUUID"));
        Assert.Throws<LightbitsApiException>(() => RequiredField.Text("", "c", "volume fresh", "UUID"));
        Assert.Equal(Fresh.Uuid, RequiredField.Text(Fresh.Uuid, "c", "volume fresh", "UUID"));
        Assert.Equal(1UL << 30, RequiredField.NonZero(Fresh.Size, "c", "volume fresh", "size"));
    }
}
