using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Lightbits.Emulator.Testing;

namespace Lightbits.Api.Tests.Http;

/// <summary>The client's policies calls and volumes' QoS fields against an emulated cluster.</summary>
public sealed class LightbitsClientPolicyTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;
    private LightbitsClient _client = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync();
        _client = _cluster.Client();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static CreatePolicyRequest Gold(params string[] scope) => new()
    {
        Name = "gold",
        QosRateLimitPolicy = new QosRateLimitPolicy
        {
            PolicyVisibility = scope.Length == 0 ? PolicyVisibility.Global : PolicyVisibility.Scoped,
            ProjectsNamesScope = scope,
            LimitBandwidth = new QosLimitBandwidth { WriteBwLimit = 200, ReadBwLimit = 400 },
        },
    };

    [Fact]
    public async Task CreatedPolicy_IsListedAndFoundByUuidAndName_WithItsLimitAndScope()
    {
        await _client.CreateProjectAsync(new CreateProjectRequest { Name = "p1" });
        var created = await _client.CreatePolicyAsync(Gold("p1"));

        Assert.Equal(["default", "gold"], (await _client.ListPoliciesAsync()).Select(p => p.Name).Order());
        var byUuid = await _client.FindPolicyAsync(created.Uuid!);
        var byName = await _client.FindPolicyByNameAsync("gold");
        Assert.Equal(created.Uuid, byName!.Uuid);
        Assert.Equal(PolicyState.Active, byUuid!.State);
        Assert.Equal(PolicyVisibility.Scoped, byUuid.QosRateLimitPolicy!.PolicyVisibility);
        Assert.Equal(400u, byUuid.QosRateLimitPolicy.LimitBandwidth!.ReadBwLimit);
        Assert.True(byUuid.QosRateLimitPolicy.IsUsableBy("p1"));
        Assert.False(byUuid.QosRateLimitPolicy.IsUsableBy("default"));
    }

    [Fact]
    public async Task UnknownPolicy_FindsNull_ByNameAndByUuid()
    {
        Assert.Null(await _client.FindPolicyByNameAsync("silver"));
        Assert.Null(await _client.FindPolicyAsync(Guid.NewGuid().ToString()));
    }

    [Fact]
    public async Task DeletedPolicy_IsGone()
    {
        var created = await _client.CreatePolicyAsync(Gold());
        await _client.DeletePolicyAsync(created.Uuid!);
        Assert.Null(await _client.FindPolicyAsync(created.Uuid!));
    }

    [Fact]
    public async Task Volume_ReportsItsPolicyByUuidAndName_TheDefaultWhenNoneWasGiven()
    {
        var gold = await _client.CreatePolicyAsync(Gold());
        var defaultPolicy = await _client.FindPolicyByNameAsync("default");
        var request = new CreateVolumeRequest { Name = "plain", Size = "1 gib", ReplicaCount = 1, Acl = StringList.Of(StringList.AllowNone) };

        var plain = await _client.CreateVolumeAsync("default", request);
        var fast = await _client.CreateVolumeAsync("default", request with { Name = "fast", QosPolicyUuid = gold.Uuid });
        Assert.Equal((defaultPolicy!.Uuid, "default"), (plain.QosPolicyUuid, plain.QosPolicyName));
        Assert.Equal((gold.Uuid, "gold"), (fast.QosPolicyUuid, fast.QosPolicyName));
    }
}
