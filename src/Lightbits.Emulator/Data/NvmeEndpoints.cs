using System.Net;
using Lightbits.Emulator.Hosting;
using Lightbits.Emulator.State;
using NvmeTcp.Target;

namespace Lightbits.Emulator.Data;

/// <summary>
/// One server's NVMe/TCP listeners (I/O on nvmeEndpoint, discovery on discoveryEndpoint). They
/// are made anew on every start: a stopped server refuses connections like a dead one.
/// </summary>
internal sealed class NvmeEndpoints(DataPlane plane, ServerRecord server) : IServerComponent
{
    private NvmeTcpTarget? _io;
    private NvmeTcpTarget? _discovery;

    public async Task StartAsync()
    {
        var io = new NvmeTcpTarget(new NvmeTcpTargetOptions
        {
            EndPoint = IPEndPoint.Parse(server.NvmeEndpoint),
            AnaStateResolver = (_, nsid) => plane.AnaStateOn(server, nsid),
            DiscoveryEntries = _ => plane.DiscoveryEntries(),
            WriteObserver = plane.OnWritten,
        });
        io.AddSubsystem(plane.Subsystem);
        var discovery = new NvmeTcpTarget(new NvmeTcpTargetOptions
        {
            EndPoint = IPEndPoint.Parse(server.DiscoveryEndpoint),
            DiscoveryEntries = _ => plane.DiscoveryEntries(),
        });
        try
        {
            io.Start();
            discovery.Start();
        }
        catch
        {
            await io.DisposeAsync();
            await discovery.DisposeAsync();
            throw;
        }
        (_io, _discovery) = (io, discovery);
    }

    public async Task StopAsync()
    {
        if (_io is not null)
        {
            await _io.DisposeAsync();
        }
        if (_discovery is not null)
        {
            await _discovery.DisposeAsync();
        }
        (_io, _discovery) = (null, null);
    }

    /// <summary>Cuts every NVMe/TCP connection of this server without stopping it (a network blip).</summary>
    public void DropConnections()
    {
        _io?.DropAllConnections();
        _discovery?.DropAllConnections();
    }
}
