using System.Net;
using System.Net.Http.Json;
using Dms.Service.Tests.TestSupport;
using Dms.Workflows;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// A clone's QoS policy: the request's, else the source volume's (snapshots carry none), else the
/// destination project's default; a requested one is checked before a workflow exists. Run in each
/// wire mode (<see cref="IWireMode"/>): <see cref="CloneQosTests"/>, and <see cref="CloneQosEmitDefaults412Tests"/>.
/// </summary>
public abstract class CloneQosTests<TMode>(SharedCloneRig<TMode> shared) : IClassFixture<SharedCloneRig<TMode>> where TMode : IWireMode
{
    private readonly CloneRig _rig = shared.Rig;

    private static async Task EnsurePolicyAsync(TestCluster cluster, string name, params string[] scope)
    {
        var client = cluster.Client();
        if (await client.FindPolicyByNameAsync(name) is null)
        {
            await client.CreatePolicyAsync(new CreatePolicyRequest
            {
                Name = name,
                QosRateLimitPolicy = new QosRateLimitPolicy
                {
                    PolicyVisibility = scope.Length == 0 ? PolicyVisibility.Global : PolicyVisibility.Scoped,
                    ProjectsNamesScope = scope,
                    LimitIops = new QosLimitIops { WriteIopsLimit = 2560, ReadIopsLimit = 2560 },
                },
            });
        }
    }

    /// <summary>A source snapshot whose volume (on A) now has the given policy.</summary>
    private async Task<(Volume Volume, Snapshot Snapshot)> SourceWithPolicyAsync(string policy)
    {
        await EnsurePolicyAsync(_rig.A, policy);
        var (volume, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));
        await _rig.A.Client().UpdateVolumeAsync("default", volume.Uuid!, _ => new UpdateVolumeRequest { QosPolicyName = policy });
        return (volume, snapshot);
    }

    private async Task<Volume> CloneAsync(Snapshot snapshot, string name, object? extra = null)
    {
        var id = await _rig.StartAsync("/api/v1/volumes/thickclone", CloneRig.Request(_rig.A, snapshot, _rig.B, name, extra, verify: false));
        var workflow = await _rig.Dms.Workflows.EndedAsync(id);
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);
        return (await _rig.B.Client().FindVolumeByNameAsync("default", name))!;
    }

    [Fact]
    public async Task NoPolicyRequested_InheritsTheSourceVolumes()
    {
        await EnsurePolicyAsync(_rig.B, "gold");
        var (_, snapshot) = await SourceWithPolicyAsync("gold");

        Assert.Equal("gold", (await CloneAsync(snapshot, "qos-inherited")).QosPolicyName);
    }

    [Fact]
    public async Task RequestedPolicy_OverridesTheSourceVolumes()
    {
        await EnsurePolicyAsync(_rig.B, "silver");
        var (_, snapshot) = await SourceWithPolicyAsync("gold");

        Assert.Equal("silver", (await CloneAsync(snapshot, "qos-overridden", new { qosPolicyName = "silver" })).QosPolicyName);
    }

    [Fact]
    public async Task SourceVolumeDeleted_CloneGetsTheDestinationDefault()
    {
        await EnsurePolicyAsync(_rig.B, "gold");
        var (volume, snapshot) = await SourceWithPolicyAsync("gold");
        await _rig.A.Client().DeleteVolumeAsync("default", volume.Uuid!);

        Assert.Equal("default", (await CloneAsync(snapshot, "qos-orphan")).QosPolicyName);
    }

    [Fact]
    public async Task SourcePolicyMissingOnTheDestination_CloneGetsTheDestinationDefault()
    {
        var (_, snapshot) = await SourceWithPolicyAsync("only-on-a");

        Assert.Equal("default", (await CloneAsync(snapshot, "qos-not-there")).QosPolicyName);
    }

    [Theory]
    [MemberData(nameof(CloneQosTests.RefusedLookups), MemberType = typeof(CloneQosTests))]
    public async Task PolicyLookupRefusedByTheDestination_InheritingFallsBackToTheDefaultAndLogsIt_ARequestedPolicyIsStillRefused(
        int lookupStatus, HttpStatusCode requestedStatus, int requestedCode)
    {
        await EnsurePolicyAsync(_rig.B, "gold");
        var (_, snapshot) = await SourceWithPolicyAsync("gold");
        var destination = _rig.B.Report.ClusterUuid;
        await CloneRig.FaultAsync(_rig.B, new { method = "GET", path = "/api/v2/policies", status = lookupStatus, count = -1 });
        try
        {
            Assert.Equal("default", (await CloneAsync(snapshot, $"qos-unlooked-{lookupStatus}")).QosPolicyName);
            Assert.Contains(_rig.Logs.Entries, e => e.Has("ClusterId", destination) && e.Has("Policy", "gold")
                && e.Message.Contains("could not look up QoS policy gold", StringComparison.Ordinal));

            using var requested = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone",
                CloneRig.Request(_rig.A, snapshot, _rig.B, $"qos-unchecked-{lookupStatus}", new { qosPolicyName = "gold" }));
            Assert.Contains($"dst.clusterId {destination}", await Json.AssertErrorAsync(requested, requestedStatus, requestedCode), StringComparison.Ordinal);
        }
        finally
        {
            (await _rig.B.Http().DeleteAsync("/_emulator/faults")).EnsureSuccessStatusCode();
        }
    }

    [Theory]
    [MemberData(nameof(CloneQosTests.RefusedPolicies), MemberType = typeof(CloneQosTests))]
    public async Task RequestedPolicyUnusableOnTheDestination_Is400NamingTheField_BeforeAWorkflowExists(string policy, string message)
    {
        if (await _rig.B.Client().FindProjectAsync("qos-other") is null)
        {
            await _rig.B.Client().CreateProjectAsync(new CreateProjectRequest { Name = "qos-other" });
        }
        await EnsurePolicyAsync(_rig.B, "elsewhere", "qos-other");
        var (_, snapshot, _) = await CloneRig.SourceAsync(_rig.A, "16 mib", (0, 4096));

        var before = (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count;
        using var response = await _rig.Http.PostAsJsonAsync("/api/v1/volumes/thickclone",
            CloneRig.Request(_rig.A, snapshot, _rig.B, "qos-refused", new { qosPolicyName = policy }));
        Assert.Contains(message, await Json.AssertErrorAsync(response, HttpStatusCode.BadRequest, 3), StringComparison.Ordinal);
        Assert.Equal(before, (await _rig.Dms.Workflows.ListAsync(250)).Workflows.Count);
    }
}

/// <summary><see cref="CloneQosTests{TMode}"/> in lbemu's default wire mode.</summary>
public sealed class CloneQosTests(SharedCloneRig<GatewayDefaults> shared) : CloneQosTests<GatewayDefaults>(shared)
{
    /// <summary>For the generic class's theory (a generic type may not hold static members).</summary>
    public static TheoryData<string, string> RefusedPolicies => new()
    {
        { "platinum", "dst.qosPolicyName 'platinum' is not a QoS policy on cluster" },
        { "elsewhere", "dst.qosPolicyName 'elsewhere' is scoped to other projects than 'default'" },
    };

    /// <summary>For the generic class's theory: a policy lookup refused, and what a requested policy then gets.</summary>
    public static TheoryData<int, HttpStatusCode, int> RefusedLookups => new()
    {
        // A credential that is not cluster admin on the destination; a release without the policies API.
        { 403, HttpStatusCode.BadRequest, 9 },
        { 501, HttpStatusCode.ServiceUnavailable, 14 },
    };
}
