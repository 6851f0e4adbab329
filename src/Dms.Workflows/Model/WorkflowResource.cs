namespace Dms.Workflows.Model;

/// <summary>Something a step created outside the store (e.g. a volume), journaled so cleanup can find it.</summary>
/// <param name="Step">The step that created it.</param>
/// <param name="Name">What it is, e.g. <c>volume:clusterA/dms-&lt;wid&gt;-src</c>.</param>
public sealed record WorkflowResource(string Step, string Name);
