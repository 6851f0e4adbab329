using System.Net;
using Lightbits.Emulator;

namespace Dms.Service.Tests.Cloning;

/// <summary>
/// The JSON and refusal rules a cluster's REST gateway may follow (docs/lightbits-assumptions.md,
/// wire contract 1 and 9). The clone suite's core classes take one as a type parameter and run in
/// both (EmitDefaults412Tests.cs lists them), so DMS is shown to work whichever a real
/// cluster follows.
/// </summary>
public interface IWireMode
{
    /// <summary>The emulators' options on top of the rig's defaults.</summary>
    static abstract Func<EmulatorOptions, EmulatorOptions> Emulator { get; }
}

/// <summary>lbemu's default, as grpc-gateway ≥ 1.9.5 with EmitDefaults off: zero values left out, an ETag mismatch 400.</summary>
public sealed class GatewayDefaults : IWireMode
{
    public static Func<EmulatorOptions, EmulatorOptions> Emulator => o => o;
}

/// <summary>Every zero value present (--emit-defaults) and an ETag mismatch answered 412, the status the proto documents (--etag-mismatch-status 412).</summary>
public sealed class EmitDefaultsAnd412 : IWireMode
{
    public static Func<EmulatorOptions, EmulatorOptions> Emulator => o => o with { EmitDefaults = true, ETagMismatchStatus = HttpStatusCode.PreconditionFailed };
}
