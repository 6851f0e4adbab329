namespace Dms.Workflows.Model;

/// <summary>Something a step created outside the store (e.g. a volume), journaled so cleanup can find it.</summary>
/// <param name="Step">The step that created it.</param>
/// <param name="Name">What it is, e.g. <c>volume:clusterA/dms-&lt;wid&gt;-src</c>.</param>
/// <param name="Id">
/// The identity its owner gave it, once known (a cluster's UUID for a volume): journaled before the create
/// is sent, the resource has only its name; once the create is answered, its id too.
/// </param>
public sealed record WorkflowResource(string Step, string Name, string? Id = null);
