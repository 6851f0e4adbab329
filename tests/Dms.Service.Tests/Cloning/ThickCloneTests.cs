using System.Net;
using System.Net.Http.Json;
using Dms.Service.Cloning;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Api.Model;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// Thick clones between two real lbemu clusters through a real dms: the data must arrive byte for
/// byte. Run in each wire mode (<see cref="IWireMode"/>): <see cref="ThickCloneTests"/>, and
/// <see cref="ThickCloneEmitDefaults412Tests"/>.
/// </summary>
public abstract class ThickCloneTests<TMode>(SharedCloneRig<TMode> shared) : IClassFixture<SharedCloneRig<TMode>> where TMode : IWireMode
{
    private readonly CloneRig _rig = shared.Rig;

    /// <summary>A sparse source (three extents in 64 MiB): planned from changed blocks, holes left unwritten.</summary>
    [Fact]
    public async Task VolumeClone_CrossCluster_IsByteIdentical_InheritsSizeAndReplicas_AndLeavesNothingBehind()
    {
        var (volume, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "64 mib", (0, 1 << 20), (20 << 20, 5 << 20), (63 << 20, 4096));

        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "copy-x"));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await _rig.B.Client().FindVolumeByNameAsync("default", "copy-x"))!;
        Assert.Equal(volume.Size, clone.Size);
        Assert.Equal(volume.ReplicaCount, clone.ReplicaCount);
        Assert.Equal([StringList.AllowNone], clone.Acl!.Values);
        Assert.Contains(clone.Uuid!, workflow.ResultJson, StringComparison.Ordinal);
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(_rig.B, "default", clone.Uuid!));
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(workflow.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.B), n => n.Contains(workflow.Id.ToString(), StringComparison.Ordinal));
        Assert.Equal(100, workflow.Progress.Percent);
    }

    /// <summary>Overridden fields: project, size, replica count, description.</summary>
    [Fact]
    public async Task SnapshotClone_SameClusterOtherProject_LargerSize_ReadsZerosPastTheSource()
    {
        await _rig.A.Client().CreateProjectAsync(new CreateProjectRequest { Name = "tenant2" });
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "32 mib", (4096, 8 << 20));

        var id = await _rig.StartAsync("/api/v1/snapshots/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.A, "snap-copy",
            new { projectName = "tenant2", size = (64L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), replica = 1, description = "nightly copy" }));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var copy = (await _rig.A.Client().FindSnapshotByNameAsync("tenant2", "snap-copy"))!;
        Assert.Equal(64UL << 20, copy.Size);
        Assert.Equal("nightly copy", copy.Description);
        Assert.Equal(1u, copy.ReplicaCount);
        var read = new byte[64 << 20];
        await _rig.A.Blocks.ReadSnapshotAsync(Guid.Parse(copy.Uuid!), 0, read);
        Assert.Equal(image, read[..image.Length]);
        Assert.All(read[image.Length..], b => Assert.Equal(0, b));
        Assert.DoesNotContain(await CloneRig.LeftoversAsync(_rig.A), n => n.Contains(workflow.Id.ToString(), StringComparison.Ordinal));
        Assert.Empty(await _rig.A.Client().ListVolumesAsync("tenant2"));
    }

    [Fact]
    public async Task VolumeClone_OverriddenReplicaCount_IsUsed_WorkflowEchoesTheResolvedRequest()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "one-replica", new { replica = 1 }, verify: false));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);

        Assert.Equal(1u, (await _rig.B.Client().FindVolumeByNameAsync("default", "one-replica"))!.ReplicaCount);
        var view = (await Json.ReadAsync(await _rig.Http.GetAsync($"/api/v1/workflows/{id}"))).GetProperty("workflow");
        Assert.Equal("ThickCloneVolume", view.GetProperty("type").GetString());
        var dst = view.GetProperty("thickCloneVolumeRequest").GetProperty("dst");
        Assert.Equal("16777216", dst.GetProperty("size").GetString());
        Assert.Equal("default", dst.GetProperty("projectName").GetString());
        Assert.Equal(4096, dst.GetProperty("sectorSize").GetInt32());
    }

    [Fact]
    public async Task VolumeClone_WhoseAclCloseMeetsAnETagMismatch_ReadsTheVolumeAgain_AndCompletes()
    {
        var (_, snapshot, image) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 1 << 20), (12 << 20, 4096));
        // Another client updates the destination volume between finalize's read and its conditional PUT
        // (the only PUT a clone makes): 400 or 412 by the wire mode, then a read and a second PUT.
        await CloneRig.FaultAsync(_rig.B, new { method = "PUT", path = "/api/v2/projects/*/volumes/*", changeETag = true, count = 1 });

        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "etag-raced"));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await _rig.B.Client().FindVolumeByNameAsync("default", "etag-raced"))!;
        Assert.Equal([StringList.AllowNone], clone.Acl!.Values);
        // The rule was used up by DMS's PUT: a write with the current ETag now goes through at once.
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v2/projects/default/volumes/{clone.Uuid}")
        {
            Content = Lightbits.Emulator.Testing.TestCluster.Json(new UpdateVolumeRequest { Acl = StringList.Of(CloneRig.TestHost) }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", clone.ETag);
        Assert.Equal(HttpStatusCode.OK, (await _rig.B.Http().SendAsync(put)).StatusCode);
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(_rig.B, "default", clone.Uuid!));
    }

    [Theory]
    [MemberData(nameof(ThickCloneTests.BadRequests), MemberType = typeof(ThickCloneTests))]
    public async Task BadRequest_IsRefusedBeforeAWorkflowExists_NamingTheField(string field, object change, HttpStatusCode status, string message)
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        var request = CloneRig.Request(_rig.A, snapshot, _rig.B, "target");
        var body = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(request))!;
        var (part, name) = (field.Split('.')[0], field.Split('.')[1]);
        body[part]![name] = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(change))![name]!.DeepClone();

        var before = (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count;
        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone", body);
        // A well-formed id or name that names nothing is not found (code 5), the others invalid (code 3).
        Assert.Contains(message, await Json.AssertErrorAsync(response, status, status == HttpStatusCode.NotFound ? 5 : 3), StringComparison.Ordinal);
        Assert.Equal(before, (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count);
    }

    [Fact]
    public async Task ErrorBody_QuotesNamesReadably_ForOperatorsUsingCurl()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "x", new { projectName = "nope" }));
        var raw = await response.Content.ReadAsStringAsync();
        Assert.Contains("dst.projectName 'nope' does not exist", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u0027", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationNameTaken_Is409()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        await _rig.B.CreateAvailableVolumeAsync("taken", "16 mib");
        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, "taken"));
        Assert.Contains("dst.name 'taken'", await Json.AssertErrorAsync(response, HttpStatusCode.Conflict, 6), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSnapshot_Is404NamingSrcSnapId()
    {
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        var request = CloneRig.Request(_rig.A, snapshot with { Uuid = Guid.NewGuid().ToString() }, _rig.B, "x");
        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone", request);
        Assert.Contains("src.snapId", await Json.AssertErrorAsync(response, HttpStatusCode.NotFound, 5), StringComparison.Ordinal);
    }
}

/// <summary>
/// <see cref="ThickCloneTests{TMode}"/> in lbemu's default wire mode, and the clones that need a rig
/// of their own: emulators that lend their memory, servers on an address each.
/// </summary>
public sealed class ThickCloneTests(SharedCloneRig<GatewayDefaults> shared) : ThickCloneTests<GatewayDefaults>(shared)
{
    /// <summary>For the generic class's theory (a generic type may not hold static members).</summary>
    public static TheoryData<string, object, HttpStatusCode, string> BadRequests => new()
    {
        { "src.snapId", new { snapId = "not-a-uuid" }, HttpStatusCode.BadRequest, "src.snapId 'not-a-uuid' is not a UUID" },
        { "dst.clusterId", new { clusterId = Guid.Empty.ToString() }, HttpStatusCode.NotFound, "is not an attached cluster" },
        { "dst.name", new { name = "bad name" }, HttpStatusCode.BadRequest, "dst.name \"bad name\" may contain only" },
        { "dst.replica", new { replica = 4 }, HttpStatusCode.BadRequest, "dst.replica 4 must be 1, 2 or 3" },
        { "dst.sectorSize", new { sectorSize = 1024 }, HttpStatusCode.BadRequest, "dst.sectorSize 1024 must be 512 or 4096" },
        { "dst.size", new { size = "4096" }, HttpStatusCode.BadRequest, "smaller than the source snapshot" },
        { "dst.projectName", new { projectName = "nope" }, HttpStatusCode.NotFound, "dst.projectName 'nope' does not exist" },
        { "dst.description", new { description = "x" }, HttpStatusCode.BadRequest, "dst.description applies to snapshot clones only" },
    };

    [Fact]
    public async Task VolumeClone_BetweenEmulatorsThatLendTheirMemory_IsByteIdenticalAndVerified()
    {
        await using var rig = await CloneRig.StartAsync(memoryStorage: true);
        // Data that starts and ends inside 64 KiB chunks, and holes the source lends as zeros.
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "48 mib", (0, 8 << 20), ((20 << 20) + 4096, 3 << 20), ((47 << 20) + 8192, 4096));

        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "copy-m", verify: true));
        var workflow = await rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", "copy-m"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
    }

    [Fact]
    public async Task VolumeClone_BetweenClustersWithAnAddressPerServer_IsByteIdentical()
    {
        // lbemu --server-addresses: each server on a loopback address of its own, every server on the same
        // (real) ports, as a real cluster. Bases apart from the demo's (127.0.10/20.1) and lbemu's tests' (127.0.30/40/50/51.1).
        await using var rig = await CloneRig.StartAsync(
            sourceOptions: o => o with { ServerAddressBase = "127.0.80.1" }, destinationOptions: o => o with { ServerAddressBase = "127.0.90.1" });
        foreach (var (cluster, network) in new[] { (rig.A, "127.0.80."), (rig.B, "127.0.90.") })
        {
            var nvme = cluster.Report.Servers.Select(s => IPEndPoint.Parse(s.NvmeEndpoint)).ToList();
            Assert.Equal([$"{network}1", $"{network}2"], nvme.Select(e => e.Address.ToString()));
            Assert.Single(nvme.Select(e => e.Port).Distinct());
        }
        var (_, snapshot, image) = await CloneRig.SourceAsync(rig.A, "32 mib", (0, 2 << 20), (30 << 20, 4096));

        var id = await rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(rig.A, snapshot, rig.B, "per-server"));
        var workflow = await rig.Dms.Workflows.EndedAsync(id);

        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        var clone = (await rig.B.Client().FindVolumeByNameAsync("default", "per-server"))!;
        Assert.Equal(image, await CloneRig.ReadVolumeAsync(rig.B, "default", clone.Uuid!));
    }
}
