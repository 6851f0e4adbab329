using Lightbits.Emulator.State;
using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.Api;

/// <summary>Policy records ↔ the policies API's wire shapes (docs/lightbits-assumptions.md "QoS policies").</summary>
internal static class PolicyMapping
{
    /// <param name="showScope">
    /// False for callers who are not cluster admins, and for lists filtered by project: the proto
    /// then reports visibility as Unavailable.
    /// </param>
    public static PolicyWire ToWire(this PolicyRecord p, bool showScope) => new()
    {
        Uuid = p.Uuid,
        Name = p.Name,
        Description = p.Description,
        State = "Active",
        QosRateLimitPolicy = new QosRateLimitPolicyWire
        {
            PolicyVisibility = !showScope ? "Unavailable" : p.ProjectsScope is null ? "Global" : "Scoped",
            ProjectsNamesScope = showScope ? p.ProjectsScope : null,
            LimitIops = p.LimitKind == QosLimitKind.Iops ? new() { WriteIopsLimit = p.WriteLimit, ReadIopsLimit = p.ReadLimit } : null,
            LimitBandwidth = p.LimitKind == QosLimitKind.Bandwidth ? new() { WriteBwLimit = p.WriteLimit, ReadBwLimit = p.ReadLimit } : null,
            LimitIopsPerGb = p.LimitKind == QosLimitKind.IopsPerGb ? new() { WriteIopsPerGbLimit = p.WriteLimit, ReadIopsPerGbLimit = p.ReadLimit } : null,
        },
    };

    public static PolicySpec ToSpec(CreatePolicyRequestWire request)
    {
        var qos = request.QosRateLimitPolicy ?? throw ApiException.BadRequest("qoSRateLimitPolicy is required");
        if (new object?[] { qos.LimitIops, qos.LimitBandwidth, qos.LimitIopsPerGb }.Count(limit => limit is not null) != 1)
        {
            throw ApiException.BadRequest("qoSRateLimitPolicy needs exactly one of limitIOPS, limitBw, limitIOPSPerGB");
        }
        var (kind, write, read) = qos switch
        {
            { LimitIops: { } iops } => (QosLimitKind.Iops, iops.WriteIopsLimit, iops.ReadIopsLimit),
            { LimitBandwidth: { } bw } => (QosLimitKind.Bandwidth, bw.WriteBwLimit, bw.ReadBwLimit),
            { LimitIopsPerGb: { } perGb } => (QosLimitKind.IopsPerGb, perGb.WriteIopsPerGbLimit, perGb.ReadIopsPerGbLimit),
            _ => throw new InvalidOperationException("unreachable: exactly one limit is set"),
        };
        return new PolicySpec
        {
            Name = request.Name!,
            Description = request.Description,
            ProjectsScope = Scope(qos),
            LimitKind = kind,
            // Absent is proto3's zero: unlimited.
            WriteLimit = write ?? 0,
            ReadLimit = read ?? 0,
        };
    }

    /// <summary>Null for a Global policy; the projects of a Scoped one.</summary>
    private static IReadOnlyList<string>? Scope(QosRateLimitPolicyWire qos)
    {
        var projects = qos.ProjectsNamesScope ?? [];
        return (qos.PolicyVisibility, projects.Count) switch
        {
            (null or "Global", 0) => null,
            (null or "Scoped", > 0) => projects,
            ("Scoped", 0) => throw ApiException.BadRequest("policyVisibility Scoped needs projectsNamesScope"),
            ("Global", _) => throw ApiException.BadRequest("policyVisibility Global takes no projectsNamesScope"),
            _ => throw ApiException.BadRequest($"policyVisibility \"{qos.PolicyVisibility}\" must be Global or Scoped"),
        };
    }
}
