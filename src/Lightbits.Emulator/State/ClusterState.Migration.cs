using Lightbits.Emulator.Wire;

namespace Lightbits.Emulator.State;

// Test control: a replica move, during which real clusters report the volume Migrating and keep it
// usable (spec lightbits-api.md §3; Cinder and the CSI plugin count it as available).
public sealed partial class ClusterState
{
    /// <summary>Puts an Available volume into Migrating for <paramref name="duration"/>, then back to Available.</summary>
    public void Migrate(string uuid, TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw ApiException.BadRequest($"durationMs {duration.TotalMilliseconds} must be positive");
        }
        lock (_lock)
        {
            var volume = FindVolume(uuid) ?? throw ApiException.NotFound($"volume {uuid} not found");
            if (volume.State is not (VolumeState.Available or VolumeState.Migrating))
            {
                throw ApiException.BadRequest($"volume {uuid} is {volume.State}; only an Available volume can migrate");
            }
            volume.State = VolumeState.Migrating;
            volume.ETag = NextETag();
            Save();
            After(duration, () =>
            {
                // An update or delete meanwhile moved it on: the migration's end changes nothing then.
                if (volume.State == VolumeState.Migrating)
                {
                    volume.State = VolumeState.Available;
                    volume.ETag = NextETag();
                }
            });
            RaiseVolumeChanged(uuid);
        }
    }
}
