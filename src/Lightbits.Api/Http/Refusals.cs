using System.Net;

namespace Lightbits.Api.Http;

/// <summary>
/// Which of a cluster's refusals are worth trying again, decided once from the HTTP status, the
/// call and grpc-gateway's gRPC code in the body (spec lightbits-api.md §2;
/// docs/lightbits-assumptions.md "States and refusals").
/// </summary>
internal static class Refusals
{
    /// <summary>gRPC FailedPrecondition: grpc-gateway ≥ 1.9.5 answers it as 400, like InvalidArgument (3).</summary>
    public const int FailedPrecondition = 9;

    /// <summary>Whether the same call can succeed later.</summary>
    public static bool IsTransient(HttpMethod method, string path, HttpStatusCode status, int? grpcCode) => status switch
    {
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests => true,
        >= HttpStatusCode.InternalServerError => true,
        // The only 409 UpdateVolume, DeleteVolume and DeleteSnapshot document: "There is a user
        // operation in progress on the volume/snapshot". On a create, 409 is "already exists".
        HttpStatusCode.Conflict => method == HttpMethod.Put || method == HttpMethod.Delete,
        // CreateSnapshot answers FailedPrecondition while its volume is busy (the CSI plugin retries
        // it); an invalid argument (3) stays a 400 no retry can fix.
        HttpStatusCode.BadRequest => method == HttpMethod.Post && IsSnapshotCreate(path) && grpcCode == FailedPrecondition,
        _ => false,
    };

    /// <summary>
    /// Whether this client sends the call again at once (with backoff): a transient refusal the
    /// server answered without acting — 503, an operation in progress, the busy-volume 400 — or a
    /// 5xx on a call that is safe to repeat. 429 is left to the caller's pace.
    /// </summary>
    public static bool ShouldResend(LightbitsApiException refusal, bool idempotent) =>
        refusal.IsRetryable && refusal.Status switch
        {
            HttpStatusCode.ServiceUnavailable or HttpStatusCode.Conflict or HttpStatusCode.BadRequest => true,
            >= HttpStatusCode.InternalServerError => idempotent,
            _ => false,
        };

    private static bool IsSnapshotCreate(string path) =>
        path.StartsWith("/api/v2/projects/", StringComparison.Ordinal) && path.EndsWith("/snapshots", StringComparison.Ordinal);
}
