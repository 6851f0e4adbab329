namespace Dms.Workflows.Storage;

/// <summary>One page of the workflow list, newest first.</summary>
/// <param name="NextPageToken">Null on the last page.</param>
public sealed record WorkflowPage(IReadOnlyList<WorkflowRecord> Workflows, string? NextPageToken);
