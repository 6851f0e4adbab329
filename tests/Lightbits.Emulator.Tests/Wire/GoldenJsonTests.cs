using System.Net;
using System.Text.Json;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Emulator.Tests.Wire;

/// <summary>
/// lbemu's answers against wire documents hand-written from the spec (Golden/README.md), in the
/// default mode (zero values left out) and with --emit-defaults: a field-name slip in the emulator
/// fails here even when the client makes the same slip.
/// </summary>
public sealed class GoldenJsonTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VolumeSnapshotAndError_MatchTheGoldenDocuments(bool emitDefaults)
    {
        await using var cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { EmitDefaults = emitDefaults }, servers: 1);
        var volume = await cluster.CreateAvailableVolumeAsync("golden", "1 gib");
        var snapshot = await cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "golden-snap", SourceVolumeUuid = volume.Uuid });
        cluster.Settle();
        var suffix = emitDefaults ? ".emit-defaults" : "";

        await AssertMatchesAsync($"volume{suffix}.json", cluster, $"/api/v2/projects/default/volumes/{volume.Uuid}");
        await AssertMatchesAsync($"snapshot{suffix}.json", cluster, $"/api/v2/projects/default/snapshots/{snapshot.Uuid}");
        await AssertMatchesAsync($"error{suffix}.json", cluster, $"/api/v2/projects/default/volumes/{Guid.NewGuid()}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ClusterInfoAndProject_MatchTheGoldenDocuments()
    {
        await using var cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        await cluster.Client().CreateProjectAsync(new CreateProjectRequest { Name = "golden-project", Description = "from the spec" });

        await AssertMatchesAsync("clusterinfo.json", cluster, "/api/v2/clusterinfo");
        await AssertMatchesAsync("project.json", cluster, "/api/v2/projects/golden-project");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChangedBlocksAndVolumeLists_MatchTheGoldenDocuments(bool emitDefaults)
    {
        await using var cluster = await TestCluster.StartAsync(o => TestCluster.Instant(o) with { EmitDefaults = emitDefaults }, servers: 1);
        var volume = await cluster.CreateAvailableVolumeAsync("golden", "1 gib");
        // LBAs 256..271 (4 KiB sectors): one whole 64 KiB chunk, so no tracking granularity shows.
        await cluster.Blocks.GetVolume(Guid.Parse(volume.Uuid!)).WriteAsync(1 << 20, Enumerable.Repeat((byte)0xA5, 64 << 10).ToArray());
        var snapshot = await cluster.Client().CreateSnapshotAsync("default", new CreateSnapshotRequest { Name = "golden-snap", SourceVolumeUuid = volume.Uuid });
        await cluster.Client().CreateProjectAsync(new CreateProjectRequest { Name = "empty" });
        var suffix = emitDefaults ? ".emit-defaults" : "";

        await AssertMatchesAsync($"changed-blocks{suffix}.json", cluster, $"/api/v2/projects/default/snapshots/diff/{snapshot.Uuid}");
        await AssertMatchesAsync($"volume-list-empty{suffix}.json", cluster, "/api/v2/projects/empty/volumes");
        if (!emitDefaults)
        {
            await AssertMatchesAsync("volume-list.json", cluster, "/api/v2/projects/default/volumes");
        }
    }

    [Fact]
    public async Task Policy_MatchesTheGoldenDocument_CapitalQInTheAnswer()
    {
        await using var cluster = await TestCluster.StartAsync(TestCluster.Instant, servers: 1);
        // The request as the proto spells CreatePolicyRequest: lower-case "qoSRateLimitPolicy".
        using var created = await cluster.Http().PostAsync("/api/v2/policies", new StringContent("""
            {"name": "gold", "description": "from the spec",
             "qoSRateLimitPolicy": {"projectsNamesScope": ["default"], "policyVisibility": "Scoped",
                                    "limitIOPS": {"writeIOPSLimit": 2560, "readIOPSLimit": 5120}}}
            """, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var uuid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("UUID").GetString();

        await AssertMatchesAsync("policy.json", cluster, $"/api/v2/policies/{uuid}");
        Assert.Empty(cluster.UnknownFields);
    }

    private static async Task AssertMatchesAsync(string golden, TestCluster cluster, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await cluster.Http().GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        using var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", golden)));
        using var actual = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var differences = new List<string>();
        Compare(expected.RootElement, actual.RootElement, "$", differences);
        Assert.True(differences.Count == 0, $"{path} differs from Golden/{golden}:\n{string.Join('\n', differences)}");
    }

    private static void Compare(JsonElement expected, JsonElement actual, string path, List<string> differences)
    {
        if (expected.ValueKind == JsonValueKind.String && expected.GetString() is ['<', .., '>'] placeholder)
        {
            if (actual.ValueKind != JsonValueKind.String || !Fits(placeholder, actual.GetString()!))
            {
                differences.Add($"{path}: expected {placeholder}, got {actual.GetRawText()}");
            }
            return;
        }
        if (expected.ValueKind != actual.ValueKind)
        {
            differences.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
            return;
        }
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var names = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                differences.AddRange(actual.EnumerateObject().Where(p => !names.Contains(p.Name)).Select(p => $"{path}.{p.Name}: not in the golden document"));
                foreach (var field in expected.EnumerateObject())
                {
                    if (actual.TryGetProperty(field.Name, out var value))
                    {
                        Compare(field.Value, value, $"{path}.{field.Name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{field.Name}: missing");
                    }
                }
                break;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    differences.Add($"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}");
                    break;
                }
                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    Compare(expected[i], actual[i], $"{path}[{i}]", differences);
                }
                break;
            default:
                if (expected.GetRawText() != actual.GetRawText())
                {
                    differences.Add($"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                }
                break;
        }
    }

    private static bool Fits(string placeholder, string value) => placeholder switch
    {
        "<uuid>" => Guid.TryParse(value, out _),
        "<timestamp>" => value.EndsWith('Z') && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _),
        "<endpoint>" => System.Net.IPEndPoint.TryParse(value, out var endpoint) && endpoint.Port > 0,
        "<text>" => value.Length > 0,
        _ => throw new InvalidOperationException($"unknown placeholder {placeholder}"),
    };
}
