using System.Net;
using Common.Text;
using Lightbits.Emulator.Wire;
using Lightbits.Emulator.State;

namespace Lightbits.Emulator.Api;

/// <summary>Checks raw volume requests field by field (spec lightbits-api.md §5, §10) before state is touched.</summary>
internal static class VolumeRequests
{
    private const int MaxLabels = 16;
    private const int MaxIpAclEntries = 16;
    private const int MaxNqnBytes = 223;

    public static VolumeSpec ToSpec(CreateVolumeRequest request)
    {
        if (Names.Problem("name", request.Name) is { } nameProblem)
        {
            throw ApiException.BadRequest(nameProblem);
        }
        var isClone = request.SourceSnapshotUuid is not null || request.SourceSnapshotName is not null;
        ulong? size = request.Size is null && isClone ? null : ParseSize(request.Size);
        if (request.ReplicaCount is not (>= 1 and <= 3))
        {
            throw ApiException.BadRequest($"replicaCount {(request.ReplicaCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(missing)")} must be 1, 2 or 3");
        }
        return new VolumeSpec
        {
            Name = request.Name!,
            Size = size,
            SectorSize = ParseSectorSize((uint?)request.SectorSize),
            ReplicaCount = request.ReplicaCount.Value,
            Compression = ParseCompression(request.Compression) ?? false,
            Acl = ParseAcl(request.Acl) ?? throw ApiException.BadRequest("acl is required; use {\"values\":[\"ALLOW_NONE\"]} to admit no host yet"),
            IpAcl = ParseIpAcl(request.IpAcl) ?? [StringList.AllowAny],
            SourceSnapshotUuid = request.SourceSnapshotUuid,
            SourceSnapshotName = request.SourceSnapshotName,
            QosPolicyUuid = request.QosPolicyUuid,
            QosPolicyName = request.QosPolicyName,
            Labels = ParseLabels(request.Labels),
        };
    }

    public static VolumeUpdate ToUpdate(UpdateVolumeRequest request)
    {
        if (request.NewName is not null && Names.Problem("newName", request.NewName) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
        return new VolumeUpdate
        {
            Acl = ParseAcl(request.Acl),
            IpAcl = ParseIpAcl(request.IpAcl),
            Size = request.Size is null ? null : ParseSize(request.Size),
            Compression = ParseCompression(request.Compression),
            QosPolicyUuid = request.QosPolicyUuid,
            QosPolicyName = request.QosPolicyName,
            Force = request.Force,
            Labels = ParseLabels(request.Labels),
            NewName = request.NewName,
        };
    }

    private static ulong ParseSize(string? text)
    {
        if (!SizeParser.TryParse(text, out var bytes, out var error))
        {
            throw ApiException.BadRequest(text is null ? "size is required" : error);
        }
        if (bytes == 0)
        {
            throw ApiException.BadRequest($"size \"{text}\" must be positive");
        }
        return bytes;
    }

    private static uint? ParseSectorSize(uint? sectorSize) => sectorSize switch
    {
        null or 0 => null,
        512 or 4096 => sectorSize,
        _ => throw ApiException.BadRequest($"sectorSize {sectorSize} must be 512 or 4096"),
    };

    private static bool? ParseCompression(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "enable" or "enabled" => true,
        "false" or "disable" or "disabled" => false,
        _ => throw ApiException.BadRequest($"compression \"{text}\" must be true/enable/enabled or false/disable/disabled"),
    };

    private static List<string>? ParseAcl(StringList? acl)
    {
        if (acl is null)
        {
            return null;
        }
        var values = ValuesOf(acl);
        if (values.Count == 0)
        {
            throw ApiException.BadRequest("acl.values is empty; use ALLOW_NONE to admit no host");
        }
        foreach (var entry in values)
        {
            if (string.IsNullOrWhiteSpace(entry) || System.Text.Encoding.UTF8.GetByteCount(entry) > MaxNqnBytes)
            {
                throw ApiException.BadRequest($"acl.values entry \"{entry}\" must be ALLOW_ANY, ALLOW_NONE or a host NQN of at most {MaxNqnBytes} bytes");
            }
        }
        return [.. values];
    }

    private static List<string>? ParseIpAcl(StringList? ipAcl)
    {
        if (ipAcl is null)
        {
            return null;
        }
        var values = ValuesOf(ipAcl);
        if (values.Count is 0 or > MaxIpAclEntries)
        {
            throw ApiException.BadRequest($"IPAcl.values must hold 1 to {MaxIpAclEntries} entries");
        }
        foreach (var entry in values)
        {
            if (entry is not (StringList.AllowAny or StringList.AllowNone) && !IPAddress.TryParse(entry, out _))
            {
                throw ApiException.BadRequest($"IPAcl.values entry \"{entry}\" is not an IP address, ALLOW_ANY or ALLOW_NONE");
            }
        }
        return [.. values];
    }

    /// <summary>proto3 JSON: <c>"values": null</c>, or no <c>values</c>, is the empty list.</summary>
    private static IReadOnlyList<string> ValuesOf(StringList list) => list.Values ?? [];

    private static List<Label>? ParseLabels(IReadOnlyList<Label>? labels)
    {
        if (labels is null)
        {
            return null;
        }
        if (labels.Count > MaxLabels)
        {
            throw ApiException.BadRequest($"{labels.Count} labels given; the limit is {MaxLabels}");
        }
        foreach (var label in labels)
        {
            if (Names.Problem("labels.key", label.Key) is { } keyProblem)
            {
                throw ApiException.BadRequest(keyProblem);
            }
            if (Names.Problem("labels.value", label.Value) is { } valueProblem)
            {
                throw ApiException.BadRequest(valueProblem);
            }
        }
        return [.. labels];
    }
}
