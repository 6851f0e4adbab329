namespace Lightbits.Emulator.Hosting;

/// <summary>Which emulated server an API app belongs to (fault rules can target one server).</summary>
public sealed record ServerIdentity(string Name);
