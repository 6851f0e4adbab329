namespace Dms.Service.Tests.Cloning;

// The clone suite's core user stories once more against emulators in the other wire mode
// (EmitDefaultsAnd412: every zero value present, an ETag mismatch answered 412), so each clone step
// meets both: volume and snapshot clones of a sparse source, inherited and overridden fields, an
// ETag mismatch on finalize's PUT (ThickCloneTests), QoS inherited, overridden, defaulted and
// refused (CloneQosTests), cancel in every step and after the pivot (CloneCancelTests). Left out:
// faults, restarts, progress and cluster states, which exercise the copy engine and retries rather
// than the wire. Measured on the shared 2-core machine: these 27 tests add 29 s to the 265 s the
// Cloning tests spend in tests (their rigs' start-up not counted); the Cloning run went from 2 m 40 s
// (79 tests) to 3 m 32 s (106, with two more clones in the default mode) under varying load.

/// <summary><see cref="ThickCloneTests{TMode}"/> with --emit-defaults and --etag-mismatch-status 412.</summary>
public sealed class ThickCloneEmitDefaults412Tests(SharedCloneRig<EmitDefaultsAnd412> shared) : ThickCloneTests<EmitDefaultsAnd412>(shared);

/// <summary><see cref="CloneQosTests{TMode}"/> with --emit-defaults and --etag-mismatch-status 412.</summary>
public sealed class CloneQosEmitDefaults412Tests(SharedCloneRig<EmitDefaultsAnd412> shared) : CloneQosTests<EmitDefaultsAnd412>(shared);

/// <summary><see cref="CloneCancelTests{TMode}"/> with --emit-defaults and --etag-mismatch-status 412.</summary>
public sealed class CloneCancelEmitDefaults412Tests : CloneCancelTests<EmitDefaultsAnd412>;
