using System.Net;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// The volume and snapshot clones of <see cref="ThickCloneTests"/> once more against emulators in
/// the other wire mode: every zero value present (--emit-defaults) and ETag mismatches answered
/// 412 (--etag-mismatch-status 412), so DMS is shown to work whichever a real cluster does.
/// </summary>
public sealed class ThickCloneWireModeTests(EmitDefaultsCloneRig shared) : IClassFixture<EmitDefaultsCloneRig>
{
    [Fact]
    public Task VolumeClone_CrossCluster_IsByteIdentical() => ThickCloneTests.VolumeCloneCrossClusterAsync(shared.Rig);

    [Fact]
    public Task SnapshotClone_SameClusterOtherProject_ReadsZerosPastTheSource() => ThickCloneTests.SnapshotCloneOtherProjectAsync(shared.Rig);
}

/// <summary>A shared rig whose emulators emit default values and answer an ETag mismatch with 412.</summary>
public sealed class EmitDefaultsCloneRig : SharedCloneRig
{
    protected override Func<Lightbits.Emulator.EmulatorOptions, Lightbits.Emulator.EmulatorOptions> Emulator =>
        o => o with { EmitDefaults = true, ETagMismatchStatus = HttpStatusCode.PreconditionFailed };
}
