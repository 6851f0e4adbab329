using Lightbits.Api.Http;
using Lightbits.Api.Model;

namespace Lightbits.Cli.Commands;

/// <summary>Turns "--uuid or --name" into the one object, with a not-found exit when neither matches.</summary>
internal static class Resolve
{
    public static async Task<Volume> VolumeAsync(LightbitsClient client, string project, string? uuid, string? name, CancellationToken ct)
    {
        var volume = uuid is not null ? await client.FindVolumeAsync(project, uuid, ct)
            : name is not null ? await client.FindVolumeByNameAsync(project, name, ct)
            : throw new CliException("give --uuid or --name");
        return volume ?? throw new CliException($"volume {uuid ?? name} not found in project \"{project}\"", ExitCodes.NotFound);
    }

    public static async Task<Snapshot> SnapshotAsync(LightbitsClient client, string project, string? uuid, string? name, CancellationToken ct)
    {
        var snapshot = uuid is not null ? await client.FindSnapshotAsync(project, uuid, ct)
            : name is not null ? await client.FindSnapshotByNameAsync(project, name, ct)
            : throw new CliException("give --uuid or --name");
        return snapshot ?? throw new CliException($"snapshot {uuid ?? name} not found in project \"{project}\"", ExitCodes.NotFound);
    }
}
