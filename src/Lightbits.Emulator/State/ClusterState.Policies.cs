using Common.Text;

namespace Lightbits.Emulator.State;

// QoS rate-limit policies (durosapiv2.proto's policies API; docs/lightbits-assumptions.md "QoS policies").
public sealed partial class ClusterState
{
    /// <summary>
    /// The global, unlimited policy every project defaults to: volumes created without a policy
    /// report it, as a real cluster reports its project's default.
    /// </summary>
    public const string DefaultPolicyName = "default";

    public IReadOnlyList<PolicyRecord> ListPolicies()
    {
        lock (_lock)
        {
            return [.. _state.Policies];
        }
    }

    /// <summary>By UUID when given, else by name (GetPolicyRequest); 404 when there is none.</summary>
    public PolicyRecord GetPolicy(string? uuid, string? name)
    {
        lock (_lock)
        {
            return RequirePolicy(uuid, name);
        }
    }

    public PolicyRecord CreatePolicy(PolicySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Names.Problem("name", spec.Name) is { } problem)
        {
            throw ApiException.BadRequest(problem);
        }
        CheckDescription(spec.Description);
        lock (_lock)
        {
            if (_state.Policies.Any(p => p.Name == spec.Name))
            {
                throw ApiException.Conflict($"policy \"{spec.Name}\" already exists");
            }
            foreach (var project in spec.ProjectsScope ?? [])
            {
                RequireProject(project);
            }
            var policy = new PolicyRecord
            {
                Uuid = Guid.NewGuid().ToString(),
                Name = spec.Name,
                Description = spec.Description,
                ProjectsScope = spec.ProjectsScope is null ? null : [.. spec.ProjectsScope],
                LimitKind = spec.LimitKind,
                WriteLimit = spec.WriteLimit,
                ReadLimit = spec.ReadLimit,
            };
            _state.Policies.Add(policy);
            Save();
            return policy;
        }
    }

    public void DeletePolicy(string? uuid, string? name)
    {
        lock (_lock)
        {
            var policy = RequirePolicy(uuid, name);
            if (policy.Name == DefaultPolicyName)
            {
                throw ApiException.BadRequest($"policy \"{policy.Name}\" is the projects' default and cannot be deleted");
            }
            if (_state.Volumes.FirstOrDefault(v => v.QosPolicyUuid == policy.Uuid) is { } user)
            {
                throw ApiException.BadRequest($"policy \"{policy.Name}\" is in use by volume {user.Uuid}");
            }
            _state.Policies.Remove(policy);
            Save();
        }
    }

    private PolicyRecord RequirePolicy(string? uuid, string? name)
    {
        if (string.IsNullOrEmpty(uuid) && string.IsNullOrEmpty(name))
        {
            throw ApiException.BadRequest("policy UUID or name is required");
        }
        return _state.Policies.FirstOrDefault(p => string.IsNullOrEmpty(uuid) ? p.Name == name : p.Uuid == uuid)
            ?? throw ApiException.NotFound($"policy {(string.IsNullOrEmpty(uuid) ? $"\"{name}\"" : uuid)} not found");
    }

    /// <summary>
    /// The policy a volume of <paramref name="project"/> gets: the one referenced (by UUID or name,
    /// never both: a proto oneof), else the project's default. An unknown reference, or one scoped
    /// to other projects, is an invalid argument (400), the only client error CreateVolume documents.
    /// </summary>
    private PolicyRecord ResolveVolumePolicy(string project, string? uuid, string? name)
    {
        if (!string.IsNullOrEmpty(uuid) && !string.IsNullOrEmpty(name))
        {
            throw ApiException.BadRequest("qosPolicyUUID and qosPolicyName are mutually exclusive");
        }
        if (string.IsNullOrEmpty(uuid) && string.IsNullOrEmpty(name))
        {
            return _state.Policies.First(p => p.Name == DefaultPolicyName);
        }
        var field = string.IsNullOrEmpty(uuid) ? $"qosPolicyName \"{name}\"" : $"qosPolicyUUID {uuid}";
        var policy = _state.Policies.FirstOrDefault(p => string.IsNullOrEmpty(uuid) ? p.Name == name : p.Uuid == uuid)
            ?? throw ApiException.BadRequest($"{field}: QoS policy not found");
        return policy.IsUsableBy(project)
            ? policy
            : throw ApiException.BadRequest($"{field}: QoS policy is not available to project \"{project}\"");
    }

    private void EnsureBuiltInPolicy()
    {
        if (!_state.Policies.Any(p => p.Name == DefaultPolicyName))
        {
            _state.Policies.Add(new PolicyRecord { Uuid = Guid.NewGuid().ToString(), Name = DefaultPolicyName, Description = "unlimited" });
        }
        // Volumes persisted before lbemu knew policies report the default, as new ones do.
        var fallback = _state.Policies.First(p => p.Name == DefaultPolicyName);
        foreach (var volume in _state.Volumes.Where(v => v.QosPolicyUuid is null))
        {
            var named = _state.Policies.FirstOrDefault(p => p.Name == volume.QosPolicyName) ?? fallback;
            volume.QosPolicyUuid = named.Uuid;
            volume.QosPolicyName = named.Name;
        }
    }
}
