using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Issue 16 findings 5, 10 and 11 on the server: the source snapshot by name ([OURS] src.snapName),
/// a dry run that checks everything and creates nothing ([OURS] ?dryRun=true), and size errors an
/// operator can act on.
/// </summary>
public sealed class ThickCloneByNameAndDryRunTests(SharedCloneRig shared) : IClassFixture<SharedCloneRig>
{
    private readonly CloneRig _rig = shared.Rig;

    /// <summary>The rig's request with src.snapName in place of src.snapId (or beside it, with <paramref name="keepId"/>).</summary>
    private JsonNode ByName(Lightbits.Api.Model.Snapshot snapshot, string dstName, string? snapName = null, bool keepId = false, object? dst = null)
    {
        var body = JsonSerializer.SerializeToNode(CloneRig.Request(_rig.A, snapshot, _rig.B, dstName, dst, verify: false))!;
        if (!keepId)
        {
            body["src"]!.AsObject().Remove("snapId");
        }
        body["src"]!["snapName"] = snapName ?? snapshot.Name;
        return body;
    }

    [Fact]
    public async Task CloneBySnapshotName_Completes_AndTheWorkflowEchoesBothTheNameAndTheResolvedId()
    {
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));

        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", ByName(snapshot, "by-name"));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var src = JsonDocument.Parse(workflow.InputJson).RootElement.GetProperty("src");
        Assert.Equal(snapshot.Uuid, src.GetProperty("snapId").GetString());
        Assert.Equal(snapshot.Name, src.GetProperty("snapName").GetString());
        var clone = (await _rig.B.Client().FindVolumeByNameAsync("default", "by-name"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(_rig.B, "default", clone.Uuid!));
    }

    public static TheoryData<string, string> BadSnapshotChoices => new()
    {
        { "both", "give src.snapId or src.snapName, not both" },
        { "malformed", "src.snapName \"bad name\" may contain only" },
        { "neither", "src.snapId or src.snapName is required" },
    };

    [Theory]
    [MemberData(nameof(BadSnapshotChoices))]
    public async Task BadSnapshotChoice_Is400NamingIt_AndStartsNothing(string choice, string message)
    {
        using var response = await PostSnapshotChoiceAsync(choice);
        Assert.Contains(message, await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSnapshotName_Is404NamingIt_AndStartsNothing()
    {
        using var response = await PostSnapshotChoiceAsync("unknown");
        Assert.Contains("src.snapName 'no-such-snap' is not a snapshot of project 'default' on cluster",
            await Json.AssertErrorAsync(response, HttpStatusCode.NotFound, 5), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostSnapshotChoiceAsync(string choice)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        var body = choice switch
        {
            "both" => ByName(snapshot, "x", keepId: true),
            "unknown" => ByName(snapshot, "x", "no-such-snap"),
            "malformed" => ByName(snapshot, "x", "bad name"),
            _ => ByName(snapshot, "x"),
        };
        if (choice == "neither")
        {
            body["src"]!.AsObject().Remove("snapName");
        }

        var before = (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count;
        var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone", body);
        Assert.Equal(before, (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count);
        return response;
    }

    [Theory]
    [InlineData("/api/v1/volumes/thickclone", "ThickCloneVolume")]
    [InlineData("/api/v1/snapshots/thickclone", "ThickCloneSnapshot")]
    public async Task DryRun_AnswersWhatWouldBeCreated_AndCreatesNoWorkflowAndNothingOnEitherCluster(string path, string type)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        var before = (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count;
        var leftovers = await LabelledResourcesAsync();

        using var response = await _rig.Http.PostAsJsonAsync($"{path}?dryRun=true", ByName(snapshot, "dry-copy", dst: new { replica = 1 }));

        var plan = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, plan.ToString());
        Assert.True(plan.GetProperty("dryRun").GetBoolean());
        Assert.Equal(type, plan.GetProperty("type").GetString());
        var request = plan.GetProperty("request");
        Assert.Equal(snapshot.Uuid, request.GetProperty("src").GetProperty("snapId").GetString());
        var dst = request.GetProperty("dst");
        Assert.Equal("dry-copy", dst.GetProperty("name").GetString());
        Assert.Equal("16777216", dst.GetProperty("size").GetString());
        Assert.Equal(1, dst.GetProperty("replica").GetInt32());
        Assert.Equal("default", dst.GetProperty("projectName").GetString());
        Assert.Equal(before, (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count);
        Assert.Null(await _rig.B.Client().FindVolumeByNameAsync("default", "dry-copy"));
        Assert.Null(await _rig.B.Client().FindSnapshotByNameAsync("default", "dry-copy"));
        Assert.Equal(leftovers, await LabelledResourcesAsync());
    }

    /// <summary>Every volume and snapshot DMS has made on either cluster (by its label), as one list to compare.</summary>
    private async Task<string[]> LabelledResourcesAsync() => [.. await CloneRig.LeftoversAsync(_rig.A), .. await CloneRig.LeftoversAsync(_rig.B)];

    [Fact]
    public async Task DryRun_RunsTheClusterChecks_ATakenDestinationNameIs409AsForARealRequest()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        await _rig.B.CreateAvailableVolumeAsync("dry-taken", "16 mib");

        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone?dryRun=true", ByName(snapshot, "dry-taken"));

        Assert.Contains("dst.name 'dry-taken'", await Json.AssertErrorAsync(response, HttpStatusCode.Conflict, 6), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_NotTrueOrFalse_Is400NamingIt()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));

        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone?dryRun=maybe", ByName(snapshot, "x"));

        Assert.Contains("dryRun 'maybe' must be true or false", await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_Anonymous_Is401()
    {
        using var response = await _rig.Dms.Http().PostAsJsonAsync("/api/v1/volumes/thickclone?dryRun=true", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("10000000000", 4096,
        "dst.size 10 GB (10000000000 bytes) is not a whole number of 4096-byte sectors; nearest valid: 9.31 GiB (9999998976 bytes) or 9.31 GiB (10000003072 bytes)")]
    [InlineData("4096", 4096, "dst.size 4 KiB (4096 bytes) is smaller than the source snapshot's 16 MiB (16777216 bytes)")]
    public async Task SizeErrors_SayTheSizeInHumanUnits_WithTheNearestValidSizes(string size, int sectorSize, string message)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));

        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone?dryRun=true",
            ByName(snapshot, "x", dst: new { size, sectorSize }));

        Assert.Equal(message, await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3));
    }
}
