using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dms.Contracts;
using Dms.Contracts.Auth;
using Dms.Contracts.Cloning;
using Dms.Contracts.Clusters;
using Dms.Contracts.Json;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Api;

/// <summary>API v1 over HTTPS (spec §2): one method per route, every failure a <see cref="CliException"/>.</summary>
internal sealed class DmsClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string? _idToken;
    private readonly TimeSpan _timeout;

    public DmsClient(Uri baseUrl, HttpMessageHandler handler, string? idToken, TimeSpan timeout)
    {
        BaseUrl = baseUrl;
        _idToken = idToken;
        _timeout = timeout;
        // Timeouts are ours (per request, below), so a long --watch is not cut off by HttpClient's.
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri BaseUrl { get; }

    public Task<LoginResponse> LoginAsync(string username, string password, CancellationToken ct)
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}"));
        return SendAsync(HttpMethod.Post, Routes.Login, null, DmsJsonContext.Wire.LoginResponse, ct, new AuthenticationHeaderValue("Basic", basic));
    }

    public Task<ServiceCredentials> GetServiceCredentialsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Routes.ServiceCredentials, null, DmsJsonContext.Wire.ServiceCredentials, ct);

    public Task<ServiceCredentials> PromoteServiceCredentialsAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Routes.PromoteServiceCredentials, Body(new EmptyMessage(), DmsJsonContext.Wire.EmptyMessage), DmsJsonContext.Wire.ServiceCredentials, ct);

    public Task<ClusterList> ListClustersAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Routes.Clusters, null, DmsJsonContext.Wire.ClusterList, ct);

    public Task<ClusterSnapshotList> ListClusterSnapshotsAsync(string clusterId, string projectName, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Routes.ClusterSnapshotsPath(clusterId, projectName), null, DmsJsonContext.Wire.ClusterSnapshotList, ct);

    public Task<WorkflowIdResponse> AttachClusterAsync(AttachClusterRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Routes.Clusters, Body(request, DmsJsonContext.Wire.AttachClusterRequest), DmsJsonContext.Wire.WorkflowIdResponse, ct);

    public Task<WorkflowIdResponse> RefreshClustersAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Routes.RefreshClusters, Body(new RefreshClustersRequest(), DmsJsonContext.Wire.RefreshClustersRequest), DmsJsonContext.Wire.WorkflowIdResponse, ct);

    public Task<EmptyMessage> DetachClusterAsync(string clusterId, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, Routes.ClusterPath(clusterId), null, DmsJsonContext.Wire.EmptyMessage, ct);

    /// <param name="path"><see cref="Routes.ThickCloneVolume"/> or <see cref="Routes.ThickCloneSnapshot"/>.</param>
    public Task<WorkflowIdResponse> ThickCloneAsync(string path, ThickCloneRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, Body(request, DmsJsonContext.Wire.ThickCloneRequest), DmsJsonContext.Wire.WorkflowIdResponse, ct);

    /// <summary>[OURS] ?dryRun=true: every check of a real clone, and what it would create; nothing is started.</summary>
    public Task<ThickClonePlan> ThickCloneDryRunAsync(string path, ThickCloneRequest request, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"{path}?{Routes.DryRunQuery}=true", Body(request, DmsJsonContext.Wire.ThickCloneRequest), DmsJsonContext.Wire.ThickClonePlan, ct);

    /// <param name="states">Spec state names (RUNNING, …); null or empty for every state.</param>
    /// <param name="types">Spec type names (ThickCloneVolume, …); null or empty for every type.</param>
    public Task<WorkflowList> ListWorkflowsAsync(int? pageSize, string? nextPageToken, CancellationToken ct,
        IReadOnlyList<string>? states = null, IReadOnlyList<string>? types = null)
    {
        var query = new List<string>();
        if (pageSize is { } size)
        {
            query.Add($"{WorkflowListQuery.PageSize}={size}");
        }

        if (!string.IsNullOrEmpty(nextPageToken))
        {
            query.Add($"{WorkflowListQuery.NextPageToken}={Uri.EscapeDataString(nextPageToken)}");
        }

        if (states is { Count: > 0 })
        {
            query.Add($"{WorkflowListQuery.State}={Uri.EscapeDataString(string.Join(',', states))}");
        }

        if (types is { Count: > 0 })
        {
            query.Add($"{WorkflowListQuery.Type}={Uri.EscapeDataString(string.Join(',', types))}");
        }

        var path = query.Count == 0 ? Routes.Workflows : $"{Routes.Workflows}?{string.Join('&', query)}";
        return SendAsync(HttpMethod.Get, path, null, DmsJsonContext.Wire.WorkflowList, ct);
    }

    public async Task<Workflow> GetWorkflowAsync(string workflowId, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Get, Routes.WorkflowPath(workflowId), null, DmsJsonContext.Wire.WorkflowResponse, ct)).Workflow;

    /// <summary>As <see cref="GetWorkflowAsync"/>, but DMS being unreachable for now is a <see cref="DmsUnavailableException"/>, for a watcher to wait out.</summary>
    public async Task<Workflow> PollWorkflowAsync(string workflowId, CancellationToken ct) =>
        (await SendOrUnavailableAsync(HttpMethod.Get, Routes.WorkflowPath(workflowId), null, DmsJsonContext.Wire.WorkflowResponse, ct)).Workflow;

    public Task<EmptyMessage> CancelWorkflowAsync(string workflowId, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, Routes.CancelWorkflowPath(workflowId), Body(new EmptyMessage(), DmsJsonContext.Wire.EmptyMessage), DmsJsonContext.Wire.EmptyMessage, ct);

    public Task<VersionResponse> GetVersionAsync(CancellationToken ct) =>
        SendAsync(HttpMethod.Get, Routes.Version, null, DmsJsonContext.Wire.VersionResponse, ct);

    private static StringContent Body<T>(T value, JsonTypeInfo<T> type) =>
        new(JsonSerializer.Serialize(value, type), Encoding.UTF8, "application/json");

    private async Task<T> SendAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> type, CancellationToken ct,
        AuthenticationHeaderValue? authorization = null)
    {
        try
        {
            return await SendOrUnavailableAsync(method, path, body, type, ct, authorization);
        }
        catch (DmsUnavailableException e)
        {
            throw e.Failure;
        }
    }

    private async Task<T> SendOrUnavailableAsync<T>(HttpMethod method, string path, HttpContent? body, JsonTypeInfo<T> type, CancellationToken ct,
        AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        request.Headers.Authorization = authorization ?? (_idToken is null ? null : new AuthenticationHeaderValue("Bearer", _idToken));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var failure = ApiFailure.FromResponse(response.StatusCode, text, sentToken: authorization is null && _idToken is not null);
                throw (int)response.StatusCode >= 500 ? new DmsUnavailableException(failure) : failure;
            }

            try
            {
                return JsonSerializer.Deserialize(text, type) ?? throw new JsonException("empty body");
            }
            catch (JsonException e)
            {
                throw new CliException($"DMS at {BaseUrl} answered {method} {path} with something that is not the API's JSON: {e.Message}", ExitCodes.Failed);
            }
        }
        catch (HttpRequestException e)
        {
            var failure = ApiFailure.FromTransport(e, BaseUrl);
            // Only "unreachable" passes with time; a certificate DMS does not pass, or plain HTTP to its TLS port, stays wrong.
            throw failure.ExitCode == ExitCodes.Unreachable ? new DmsUnavailableException(failure) : failure;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DmsUnavailableException(ApiFailure.Timeout(BaseUrl, _timeout));
        }
    }

    public void Dispose() => _http.Dispose();
}
