using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using NvmeTcp.Target;
using NvmeTcp.Transport;

namespace NvmeTcp.Target;

/// <summary>
/// One NVMe/TCP port: accepts connections and runs a controller state machine per connection, for the
/// registered subsystems and for the discovery subsystem. A misbehaving connection is terminated with a
/// C2HTermReq and never affects the others.
/// </summary>
public sealed class NvmeTcpTarget : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, NvmeSubsystem> _subsystems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TargetConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<(NvmeSubsystem? Subsystem, ushort Id), TargetController> _controllers = new();
    private readonly ControllerIdPool _discoveryControllerIds = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;

    public NvmeTcpTarget(NvmeTcpTargetOptions? options = null)
    {
        Options = options ?? new NvmeTcpTargetOptions();
        if (Options.MaxH2CData < 4096 || Options.MaxH2CData % 4 != 0)
        {
            throw new ArgumentException("MaxH2CData must be a multiple of 4 and at least 4096 (spec §2.3).", nameof(options));
        }

        if (Options.MaxDataTransferSize < 4096 || !System.Numerics.BitOperations.IsPow2(Options.MaxDataTransferSize))
        {
            throw new ArgumentException("MaxDataTransferSize must be a power of two of at least 4096.", nameof(options));
        }
    }

    public NvmeTcpTargetOptions Options { get; }

    /// <summary>The bound address once started.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)(_listener?.LocalEndPoint ?? throw new InvalidOperationException("The target is not started."));

    public int ConnectionCount => _connections.Count;

    public void AddSubsystem(NvmeSubsystem subsystem)
    {
        ArgumentNullException.ThrowIfNull(subsystem);
        if (subsystem.AnaLogMaxSize > Options.MaxDataTransferSize)
        {
            // Linux reads the whole ANA log in one command and, when it cannot, runs without ANA (multipath.c
            // nvme_mpath_init_identify: "ANA log page size larger than MDTS", "disabling ANA support").
            throw new ArgumentException(
                $"Subsystem {subsystem.Nqn}'s ANA log can reach {subsystem.AnaLogMaxSize} bytes (MaxNamespaces {subsystem.MaxNamespaces}), above this port's MaxDataTransferSize {Options.MaxDataTransferSize}: Linux would disable ANA.",
                nameof(subsystem));
        }

        if (!_subsystems.TryAdd(subsystem.Nqn, subsystem))
        {
            throw new ArgumentException($"Subsystem {subsystem.Nqn} is already served by this port.", nameof(subsystem));
        }
    }

    /// <summary>Stops serving a subsystem and drops its controllers' connections.</summary>
    public bool RemoveSubsystem(string nqn)
    {
        bool removed = _subsystems.TryRemove(nqn, out NvmeSubsystem? subsystem);
        foreach (TargetController controller in _controllers.Values)
        {
            if (controller.Subsystem == subsystem)
            {
                controller.Teardown("subsystem removed");
            }
        }

        return removed;
    }

    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The target is already started.");
        }

        var listener = new Socket(Options.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(Options.EndPoint);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Closes every connection of this port at once (a simulated server failure); the port keeps listening.</summary>
    public void DropAllConnections()
    {
        foreach (TargetConnection connection in _connections.Keys)
        {
            connection.Close();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            SocketSetup.Configure(socket);
            var connection = new TargetConnection(this, socket);
            _connections[connection] = 0;
            _ = RunConnectionAsync(connection);
        }
    }

    private async Task RunConnectionAsync(TargetConnection connection)
    {
        try
        {
            await connection.RunAsync();
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            connection.Dispose();
        }
    }

    internal NvmeSubsystem? FindSubsystem(string nqn) => _subsystems.GetValueOrDefault(nqn);

    /// <summary>The controller <paramref name="controllerId"/> of <paramref name="subsystem"/> (null: a discovery controller) on this port.</summary>
    internal TargetController? FindController(NvmeSubsystem? subsystem, ushort controllerId) => _controllers.GetValueOrDefault((subsystem, controllerId));

    /// <summary>A new controller with a CNTLID unique in its subsystem across every port (<see cref="ControllerIdPool"/>); null when none is free.</summary>
    internal TargetController? CreateController(NvmeSubsystem? subsystem, Func<ushort, TargetController> create)
    {
        ControllerIdPool pool = subsystem?.ControllerIds ?? _discoveryControllerIds;
        if (!pool.TryTake(out ushort controllerId))
        {
            return null;
        }

        TargetController controller = create(controllerId);
        _controllers[(subsystem, controllerId)] = controller;
        return controller;
    }

    internal void RemoveController(TargetController controller)
    {
        if (_controllers.TryRemove((controller.Subsystem, controller.ControllerId), out _))
        {
            (controller.Subsystem?.ControllerIds ?? _discoveryControllerIds).Return(controller.ControllerId);
        }
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener?.Dispose();
        await _acceptLoop;
        foreach (TargetController controller in _controllers.Values)
        {
            controller.Teardown("target stopped");
        }

        DropAllConnections();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }
}
