using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Dms.Workflows.Definitions;

/// <summary>What a step may know and do about the workflow it runs in.</summary>
public sealed class StepContext
{
    private readonly IStepHost _host;
    private readonly string _inputJson;

    internal StepContext(IStepHost host, WorkflowRecord workflow, string stepName, int stepAttempt, ILogger logger)
    {
        _host = host;
        _inputJson = workflow.InputJson;
        WorkflowId = workflow.Id;
        WorkflowType = workflow.Type;
        StepName = stepName;
        StepAttempt = stepAttempt;
        Logger = logger;
    }

    public Guid WorkflowId { get; }

    public string WorkflowType { get; }

    public string StepName { get; }

    /// <summary>1 on the first try of this step in this claim of the workflow; higher on retries.</summary>
    public int StepAttempt { get; }

    /// <summary>Logs within a scope that carries the workflow id and step.</summary>
    public ILogger Logger { get; }

    public string InputJson => _inputJson;

    /// <summary>Steps that completed before (in a previous process too).</summary>
    public IReadOnlyList<string> CompletedSteps => _host.Journal.CompletedSteps;

    /// <summary>Everything any step recorded as created; compensations use it to find what to delete.</summary>
    public IReadOnlyList<WorkflowResource> Resources => _host.Journal.Resources;

    /// <summary>This step's resume point saved by an earlier run of it, or null.</summary>
    public string? Checkpoint => _host.Journal.Checkpoint;

    public T GetInput<T>() =>
        JsonSerializer.Deserialize<T>(_inputJson, WorkflowJson.Options)
        ?? throw WorkflowStepException.Permanent($"workflow input is null, expected {typeof(T).Name}");

    /// <summary>Remembers a resume point; saved with the next heartbeat (within lease/3). Cleared when the step completes.</summary>
    public void SaveCheckpoint(string? checkpoint) => _host.SetCheckpoint(checkpoint);

    /// <summary>
    /// Durably journals something this step created before returning, so cleanup finds it even after a crash.
    /// Throws OperationCanceledException when the workflow's lease was lost.
    /// </summary>
    public Task RecordResourceAsync(string name, CancellationToken ct = default) =>
        _host.RecordResourceAsync(new WorkflowResource(StepName, name), ct);

    /// <summary>
    /// Durably adds the identity <paramref name="id"/> to a resource this step journaled by <paramref name="name"/>
    /// (e.g. the UUID a create was answered with), so that its compensation can tell "not visible yet" from "gone"
    /// and wait out the first rather than leave the resource behind. Not cancellable: once created, the resource
    /// exists whether the workflow is being cancelled or not.
    /// </summary>
    public Task IdentifyResourceAsync(string name, string id) =>
        _host.RecordResourceAsync(new WorkflowResource(StepName, name, id), CancellationToken.None);

    /// <summary>The identity journaled for this step's resource <paramref name="name"/>, or null when none was.</summary>
    public string? ResourceId(string name) => Resources.LastOrDefault(r => r.Step == StepName && r.Name == name && r.Id is not null)?.Id;

    /// <summary>Saved with the next heartbeat.</summary>
    public void ReportProgress(WorkflowProgress progress) => _host.ReportProgress(progress);

    /// <summary>Sets what the workflow produced; saved when this step completes.</summary>
    public void SetResult<T>(T result) => _host.SetResult(JsonSerializer.SerializeToElement(result, WorkflowJson.Options));
}
