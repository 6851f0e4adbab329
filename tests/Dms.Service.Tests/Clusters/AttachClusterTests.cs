using System.Net;
using System.Net.Http.Json;
using Dms.Contracts.Clusters;
using Dms.Service.Clusters;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Dms.Workflows;
using Lightbits.Emulator.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dms.Service.Tests.Clusters;

/// <summary>AttachCluster, list, detach against a real lbemu cluster (in-process, real HTTPS).</summary>
public sealed class AttachClusterTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestCluster _cluster = null!;
    private DmsTestHost _dms = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(servers: 2);
        // A workflow that holds a cluster until the test releases it: what a thick clone does for hours.
        _dms = await DmsTestHost.StartAsync(services: s => s.AddSingleton(new WorkflowDefinition("Hold",
            [new WorkflowStep("hold", (_, ct) => _release.Task.WaitAsync(ct))])));
        _http = await _dms.AuthorizedAsync();
    }

    public async Task DisposeAsync()
    {
        _release.TrySetResult();
        await _dms.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Attach_KeyNotImported_FailsTellingTheLbcliCommand_AndLeavesClustersYamlUntouched()
    {
        var workflow = await AttachAsync();

        Assert.Equal(WorkflowState.Failed, workflow.State);
        var pubKeyId = _dms.Runtime.ClusterKeys.Current.PubKeyId;
        Assert.Contains($"lbcli create credential --project-name=system --type=rsa256pubkey --id={pubKeyId} <pem-file>", workflow.Msg, StringComparison.Ordinal);
        Assert.False(File.Exists(_dms.ConfigDir.ClustersYamlFile));
        var clusters = await _http.GetFromJsonAsync<ClusterList>("/api/v1/clusters", Dms.Contracts.Json.DmsJsonContext.Default.ClusterList);
        Assert.Empty(clusters!.Clusters);
    }

    [Fact]
    public async Task Attach_KeyImportedWithLbcli_CompletesListsAndWritesClustersYaml_ThenDetachRemovesIt()
    {
        await ImportKeyWithLbcliAsync();
        var workflow = await AttachAsync();
        Assert.True(workflow.State == WorkflowState.Completed, workflow.Msg);

        var view = await Json.ReadAsync(await _http.GetAsync($"/api/v1/workflows/{workflow.Id}"));
        Assert.Equal(_cluster.ApiEndpoints[0], view.GetProperty("workflow").GetProperty("attachClusterRequest").GetProperty("apiEndpoint").GetString());
        Assert.Equal(_cluster.Report.ClusterUuid, view.GetProperty("workflow").GetProperty("result").GetProperty("clusterId").GetString());

        var listed = (await Json.ReadAsync(await _http.GetAsync("/api/v1/clusters"))).GetProperty("clusters")[0];
        Assert.Equal(_cluster.Report.ClusterUuid, listed.GetProperty("id").GetString());
        Assert.Equal(_cluster.Report.SubsystemNqn, listed.GetProperty("subsystemNqn").GetString());
        Assert.Equal(2, listed.GetProperty("apiEndpoints").GetArrayLength());
        Assert.Equal("Connected", listed.GetProperty("clusterConnectionStatus").GetProperty("accessConnectionStatus").GetString());
        var yaml = File.ReadAllText(_dms.ConfigDir.ClustersYamlFile);
        Assert.Contains($"- uuid: {_cluster.Report.ClusterUuid}\n  mgmtEps:\n  - {_cluster.ApiEndpoints[0]}", yaml, StringComparison.Ordinal);

        using var detached = await _http.DeleteAsync($"/api/v1/clusters/{_cluster.Report.ClusterUuid}");
        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
        Assert.Equal("clusters: []\n", File.ReadAllText(_dms.ConfigDir.ClustersYamlFile));
        using var again = await _http.DeleteAsync($"/api/v1/clusters/{_cluster.Report.ClusterUuid}");
        await Json.AssertErrorAsync(again, HttpStatusCode.NotFound, 5);
    }

    [Fact]
    public async Task Detach_WhileAWorkflowUsesTheCluster_Is400Code9()
    {
        await ImportKeyWithLbcliAsync();
        Assert.Equal(WorkflowState.Completed, (await AttachAsync()).State);
        var hold = await _dms.Workflows.CreateAsync(new NewWorkflow("Hold", "{}", [$"cluster:{_cluster.Report.ClusterUuid}"]));
        await _dms.Workflows.UntilAsync(hold.Id, w => w.State == WorkflowState.Running, "is RUNNING");

        using var refused = await _http.DeleteAsync($"/api/v1/clusters/{_cluster.Report.ClusterUuid}");
        Assert.Contains("used by a workflow", await Json.AssertErrorAsync(refused, HttpStatusCode.BadRequest, 9), StringComparison.Ordinal);
        Assert.Contains(_cluster.Report.ClusterUuid, File.ReadAllText(_dms.ConfigDir.ClustersYamlFile), StringComparison.Ordinal);

        _release.SetResult();
        await _dms.Workflows.EndedAsync(hold.Id);
        using var detached = await _http.DeleteAsync($"/api/v1/clusters/{_cluster.Report.ClusterUuid}");
        Assert.Equal(HttpStatusCode.OK, detached.StatusCode);
    }

    [Fact]
    public async Task Probe_CertificateNoLongerMatchingThePin_MakesAccessUnauthorized()
    {
        await ImportKeyWithLbcliAsync();
        Assert.Equal(WorkflowState.Completed, (await AttachAsync()).State);
        var registry = _dms.Get<ClusterRegistry>();
        var stored = (await registry.FindAsync(_cluster.Report.ClusterUuid, default))!;

        var status = await _dms.Get<AccessProbe>().ProbeAsync(stored with { TlsSha256 = new string('0', 64) }, default);

        Assert.Equal(ConnectionStatus.Unauthorized, status);
    }

    [Fact]
    public async Task AClientAStepHolds_KeepsWorking_WhenTheClusterRecordChangesOrIsForgotten()
    {
        await ImportKeyWithLbcliAsync();
        Assert.Equal(WorkflowState.Completed, (await AttachAsync()).State);
        var connections = _dms.Get<ClusterConnections>();
        var stored = (await _dms.Get<ClusterRegistry>().FindAsync(_cluster.Report.ClusterUuid, default))!;
        var held = connections.For(stored);

        // A refresh that learns the endpoints in another order, then a detach: what a long copy may live through.
        var replaced = connections.For(stored with { ApiEndpoints = [.. stored.ApiEndpoints.Reverse()] });
        connections.Forget(stored.Id);

        Assert.NotSame(held, replaced);
        Assert.Equal(_cluster.Report.ClusterUuid, (await held.GetClusterAsync()).Uuid);
    }

    [Fact]
    public async Task Refresh_ReReadsAttachedClusters()
    {
        await ImportKeyWithLbcliAsync();
        Assert.Equal(WorkflowState.Completed, (await AttachAsync()).State);

        using var response = await _http.PostAsync("/api/v1/clusters/refresh", new StringContent("{}"));
        var id = Guid.Parse((await Json.ReadAsync(response)).GetProperty("workflowId").GetString()!);
        var refreshed = await _dms.Workflows.EndedAsync(id);

        Assert.True(refreshed.State == WorkflowState.Completed, refreshed.Msg);
        Assert.Contains(_cluster.Report.ClusterUuid, refreshed.ResultJson, StringComparison.Ordinal);
        Assert.NotNull((await _dms.Get<ClusterRegistry>().FindAsync(_cluster.Report.ClusterUuid, default))!.RefreshedAt);
    }

    [Fact]
    public async Task Probe_LbemuServingDiscovery_ReportsDataConnected()
    {
        await ImportKeyWithLbcliAsync();
        Assert.Equal(WorkflowState.Completed, (await AttachAsync()).State);
        var stored = (await _dms.Get<ClusterRegistry>().FindAsync(_cluster.Report.ClusterUuid, default))!;

        Assert.Equal(ConnectionStatus.Connected, await _dms.Get<DataPathProbe>().ProbeAsync(stored, default));
    }

    private async Task<WorkflowRecord> AttachAsync()
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/clusters", new { apiEndpoint = _cluster.ApiEndpoints[0] });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = Guid.Parse((await Json.ReadAsync(response)).GetProperty("workflowId").GetString()!);
        return await _dms.Workflows.EndedAsync(id);
    }

    private Task ImportKeyWithLbcliAsync() => DmsKeyImport.ImportAsync(_http, _cluster.DataDir);
}
