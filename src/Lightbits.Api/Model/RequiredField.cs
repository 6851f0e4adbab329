using System.Numerics;
using Lightbits.Api.Http;

namespace Lightbits.Api.Model;

/// <summary>
/// grpc-gateway v1 leaves zero values out of its JSON (false, 0, "", empty lists; spec
/// lightbits-api.md §1), and proto3 cannot tell "absent" from "zero": every field of every response
/// may be missing. Where a zero is a meaningful value the model's documentation says so and callers
/// use it; where it makes no sense (a volume without a UUID, an NVMe namespace 0, a size of 0) the
/// caller asks for the field here and gets an error naming the cluster, the resource and the field
/// instead of a division by zero or a write to the wrong namespace later.
/// </summary>
public static class RequiredField
{
    /// <summary>The string, or an error when it is absent or empty (proto3 sends "" as nothing).</summary>
    /// <param name="cluster">The cluster as the caller knows it (its id, or the endpoint that answered).</param>
    /// <param name="resource">Which object, e.g. "volume dms-…-src (uuid)".</param>
    /// <param name="field">The proto field name, e.g. "subsystemNQN".</param>
    public static string Text(string? value, string cluster, string resource, string field) =>
        string.IsNullOrEmpty(value) ? throw Missing(cluster, resource, field) : value;

    /// <summary>The number, or an error when it is absent (which reads as zero).</summary>
    public static T NonZero<T>(T value, string cluster, string resource, string field) where T : struct, INumberBase<T> =>
        T.IsZero(value) ? throw Missing(cluster, resource, field) : value;

    /// <summary>The same answer would come back again: not worth a retry.</summary>
    public static LightbitsApiException Missing(string cluster, string resource, string field) =>
        new($"cluster {cluster}: {resource} has no {field} (absent or zero in the cluster's answer), and it cannot do without one", null, null, isRetryable: false);
}
