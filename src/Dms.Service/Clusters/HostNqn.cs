using Dms.Service.Configuration;

namespace Dms.Service.Clusters;

/// <summary>
/// The NVMe host NQN DMS connects with: put in the ACL of every volume DMS reads or writes, and
/// sent in the data-path probe's discovery. Created once by `dms init`, kept in the config dir.
/// </summary>
internal sealed record HostNqn(string Value)
{
    private const string UuidPrefix = "nqn.2014-08.org.nvmexpress:uuid:";

    /// <summary>
    /// The NVMe Host Identifier this process presents in every Fabrics Connect: one per dms instance,
    /// so a target sees one host per instance (not a new one per connection), and instances sharing a
    /// config dir — hence a host NQN — stay distinguishable on the wire.
    /// </summary>
    public Guid HostId { get; } = Guid.NewGuid();

    public static HostNqn New() => new(UuidPrefix + Guid.NewGuid());

    public static HostNqn Load(ConfigDir dir)
    {
        var value = ClusterKey.ReadText(dir.HostNqnFile).Trim();
        if (!value.StartsWith(UuidPrefix, StringComparison.Ordinal) || !Guid.TryParse(value[UuidPrefix.Length..], out _))
        {
            throw new ConfigException($"{dir.HostNqnFile}: '{value}' is not a host NQN of the form {UuidPrefix}<uuid>");
        }

        return new HostNqn(value);
    }

    public override string ToString() => Value;
}
