using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Lightbits.Emulator.Faults;

/// <summary>
/// One injected fault: requests matching <see cref="Method"/> and <see cref="Path"/> (a glob where
/// <c>*</c> is one path segment's worth and <c>**</c> anything) on <see cref="Server"/> (or any)
/// wait <see cref="LatencyMs"/> and, when <see cref="Status"/> is set, fail with it —
/// <see cref="Count"/> times, or forever when it is negative — after letting the first
/// <see cref="Skip"/> matching requests through untouched. <see cref="GrpcCode"/> and
/// <see cref="Message"/> shape the error body where the status alone does not say which refusal
/// it is (a transient 400 is FailedPrecondition, 9; a permanent one InvalidArgument, 3).
/// <see cref="ChangeETag"/> plays another client's update landing between a client's read and its
/// conditional write: the resource the path names gets a new ETag just before the request is handled.
/// </summary>
public sealed record FaultRule
{
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("path")] public string Path { get; init; } = "/**";
    [JsonPropertyName("status")] public int Status { get; init; }
    [JsonPropertyName("count")] public int Count { get; init; } = 1;
    [JsonPropertyName("latencyMs")] public int LatencyMs { get; init; }
    [JsonPropertyName("server")] public string? Server { get; init; }
    [JsonPropertyName("skip")] public int Skip { get; init; }
    /// <summary>0 = the code grpc-gateway's table gives the status.</summary>
    [JsonPropertyName("grpcCode")] public int GrpcCode { get; init; }
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>The volume or snapshot whose UUID is the path's last segment gets a new ETag first (nothing else changes).</summary>
    [JsonPropertyName("changeETag")] public bool ChangeETag { get; init; }

    internal Regex ToRegex() => new(
        "^" + Regex.Escape(Path).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal) + "/?$",
        RegexOptions.CultureInvariant);
}
