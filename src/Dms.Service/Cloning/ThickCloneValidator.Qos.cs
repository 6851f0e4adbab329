using Lightbits.Api;
using Lightbits.Api.Http;
using Lightbits.Api.Model;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Cloning;

// A clone's QoS policy (docs/lightbits-assumptions.md "QoS policies"): the request's, checked on
// the destination; else the source volume's, when the destination has it and answers for it;
// else none, which a cluster reads as the destination project's default.
internal sealed partial class ThickCloneValidator
{
    /// <summary>The two clusters and projects of one clone, and the ids that name them in errors.</summary>
    private sealed record CloneEnds(
        ILightbitsCluster Source, string SourceProject, string SourceClusterId,
        ILightbitsCluster Destination, string DestinationProject, string DestinationClusterId);

    /// <summary>The policy name to create the destination with (null: the project's default), or why the requested one is refused.</summary>
    private sealed record QosChoice(string? Name, FieldError? Error);

    private async Task<QosChoice> QosPolicyAsync(CloneEnds ends, Snapshot snapshot, string? requested, CancellationToken ct)
    {
        if (requested is not null)
        {
            return await UsableOnDestinationAsync(ends, requested, ct) switch
            {
                PolicyFit.Usable => new QosChoice(requested, null),
                PolicyFit.Unknown => new QosChoice(null, FieldError.Invalid("dst.qosPolicyName", requested,
                    $"dst.qosPolicyName '{requested}' is not a QoS policy on cluster {ends.DestinationClusterId}")),
                _ => new QosChoice(null, FieldError.Invalid("dst.qosPolicyName", requested,
                    $"dst.qosPolicyName '{requested}' is scoped to other projects than '{ends.DestinationProject}' on cluster {ends.DestinationClusterId}")),
            };
        }
        // Snapshots carry no QoS policy (the proto's Snapshot has no such field): the volume they
        // were taken of does, while it exists.
        if (snapshot.SourceVolumeUuid is not { Length: > 0 } volumeUuid
            || await Ask(() => ends.Source.FindVolumeAsync(ends.SourceProject, volumeUuid, ct), "src.clusterId", ends.SourceClusterId)
                is not { QosPolicyName: { Length: > 0 } inherited })
        {
            return new QosChoice(null, null);
        }
        // Inheriting is best effort: a policy the destination lacks (another cluster) or keeps from
        // this project falls back to the project's default rather than failing a request that
        // never asked for it.
        return new QosChoice(await InheritableAsync(ends, inherited, ct) ? inherited : null, null);
    }

    /// <summary>
    /// Whether the source volume's policy can be used on the destination. A lookup the destination
    /// refuses (a credential that is not cluster admin there, a release without the policies API)
    /// is no reason to refuse a clone that never asked for a policy: it gets the project's default.
    /// </summary>
    private async Task<bool> InheritableAsync(CloneEnds ends, string name, CancellationToken ct)
    {
        Policy? policy;
        try
        {
            policy = await ends.Destination.FindPolicyByNameAsync(name, ct);
        }
        catch (LightbitsApiException e)
        {
            logger.LogWarning("Cluster {ClusterId}: could not look up QoS policy {Policy} of the source volume to inherit it ({Error}); the clone gets project {Project}'s default policy",
                ends.DestinationClusterId, name, e.Message, ends.DestinationProject);
            return false;
        }
        return Fit(ends, policy) == PolicyFit.Usable;
    }

    private enum PolicyFit
    {
        Usable,
        Unknown,
        OtherProjects,
    }

    private static async Task<PolicyFit> UsableOnDestinationAsync(CloneEnds ends, string name, CancellationToken ct) =>
        Fit(ends, await Ask(() => ends.Destination.FindPolicyByNameAsync(name, ct), "dst.clusterId", ends.DestinationClusterId));

    // A visibility the cluster hides from DMS (not a cluster admin there) is left for the cluster to judge.
    private static PolicyFit Fit(CloneEnds ends, Policy? policy) =>
        policy is null ? PolicyFit.Unknown
        : policy.QosRateLimitPolicy?.IsUsableBy(ends.DestinationProject) == false ? PolicyFit.OtherProjects
        : PolicyFit.Usable;
}
