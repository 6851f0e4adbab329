using Dms.Contracts;
using Dms.Contracts.Cloning;
using Dms.Contracts.Json;
using Dms.Service.Cloning;
using Dms.Service.Clusters;
using Microsoft.AspNetCore.Http;

namespace Dms.Service.Api;

/// <summary>
/// [OURS] <c>?dryRun=true</c> on the thick-clone routes: the request gets every check a real one
/// gets, and the answer says what it would create, but no workflow is started and no cluster is
/// changed. A query parameter rather than a body field, so the request object (and the workflow's
/// echo of it) stays the spec's, and the same body can be tried and then sent.
/// </summary>
internal static class DryRun
{
    /// <summary>True for <c>dryRun=true</c>; absent or <c>false</c> is a real request; anything else is refused naming it.</summary>
    public static bool Requested(HttpRequest request) =>
        !request.Query.TryGetValue(Routes.DryRunQuery, out var values) ? false
        : values.ToString().ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            var other => throw ApiException.InvalidArgument($"{Routes.DryRunQuery} '{other}' must be true or false"),
        };

    /// <summary>
    /// What a real request would do after validation, short of creating the workflow: a cluster
    /// being detached refuses it as the real one would be refused.
    /// </summary>
    public static async Task<IResult> AnswerAsync(ClusterRegistry registry, TimeProvider time, CloneKind kind, ThickCloneRequest resolved, CancellationToken ct)
    {
        foreach (var clusterId in new[] { resolved.Src!.ClusterId!, resolved.Dst!.ClusterId! }.Distinct())
        {
            if (!await registry.IsUsableAsync(clusterId, time.GetUtcNow(), ct))
            {
                throw ApiException.FailedPrecondition($"cluster {clusterId} is being detached; a clone would not be started");
            }
        }

        return Results.Json(new ThickClonePlan { Type = kind.WorkflowType(), Request = resolved }, DmsJsonContext.Wire.ThickClonePlan);
    }
}
