using System.Net;
using System.Net.Sockets;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// Where each server listens. By default every server shares <see cref="EmulatorOptions.Address"/> and gets
/// ports of its own. With <see cref="EmulatorOptions.ServerAddressBase"/> each server has an address of its own
/// (server i on base + i) and all share one set of ports, as on a real cluster (lightbits-api.md §9: API 443,
/// NVMe/TCP 4420, discovery 8009 on every node), so a client that assumes per-server addresses and fixed ports
/// (Cinder, os-brick, the discovery-client) works unchanged.
/// </summary>
internal sealed class ServerAddressing
{
    /// <summary>The ports of a real cluster.</summary>
    public const int RealApiPort = 443, RealNvmePort = 4420, RealDiscoveryPort = 8009;

    /// <summary>
    /// The API port when the process may not bind 443 (not root, no CAP_NET_BIND_SERVICE, and
    /// net.ipv4.ip_unprivileged_port_start above 443): 8443, the usual unprivileged stand-in for 443. 4420 and
    /// 8009 are above 1023, so every process may bind them and they stay. One fixed set, (8443, 4420, 8009),
    /// rather than free ports: a client configured with ports finds every cluster on the same ones.
    /// </summary>
    public const int UnprivilegedApiPort = 8443;

    private readonly EmulatorOptions _options;
    private readonly IPAddress? _base;

    public ServerAddressing(EmulatorOptions options)
    {
        _options = options;
        _base = options.ServerAddressBase is { } text ? IPAddress.Parse(text) : null;
    }

    /// <summary>Whether every server has an address of its own (and the same ports as the others).</summary>
    public bool PerServer => _base is not null;

    public IPAddress AddressOf(int serverIndex) => _base is null ? IPAddress.Parse(_options.Address) : Offset(_base, serverIndex);

    /// <summary>Every address the servers listen on, for the certificate's names.</summary>
    public IEnumerable<IPAddress> AllAddresses(int servers) => Enumerable.Range(0, servers).Select(AddressOf).Distinct();

    /// <summary>
    /// The ports every server shares in per-server mode: explicit ones as given, else the real ones, with 443
    /// replaced by <see cref="UnprivilegedApiPort"/> when binding it is not permitted.
    /// </summary>
    public (int Api, int Discovery, int Nvme) SharedPorts() =>
    (
        _options.ApiPort != 0 ? _options.ApiPort : MayBind(AddressOf(0), RealApiPort) ? RealApiPort : UnprivilegedApiPort,
        _options.DiscoveryPort != 0 ? _options.DiscoveryPort : RealDiscoveryPort,
        _options.NvmePort != 0 ? _options.NvmePort : RealNvmePort
    );

    /// <summary>
    /// Server i's address: the base plus i. A base whose last servers would leave IPv4 (or cross into another
    /// address family) is refused when the options are read, so this never wraps.
    /// </summary>
    internal static IPAddress Offset(IPAddress baseAddress, int index)
    {
        byte[] bytes = baseAddress.GetAddressBytes();
        uint value = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (uint)index;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    /// <summary>Why <paramref name="baseText"/> cannot be a base for <paramref name="servers"/> servers, or null when it can.</summary>
    public static string? Problem(string baseText, int servers)
    {
        if (!IPAddress.TryParse(baseText, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return $"--server-addresses \"{baseText}\" is not an IPv4 address";
        }

        byte[] bytes = address.GetAddressBytes();
        ulong last = (ulong)(uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) + (ulong)Math.Max(servers - 1, 0);
        if (last > uint.MaxValue || (IPAddress.IsLoopback(address) && !IPAddress.IsLoopback(Offset(address, servers - 1))))
        {
            return $"--server-addresses {baseText} leaves no room for {servers} servers{(IPAddress.IsLoopback(address) ? " inside 127.0.0.0/8" : "")}";
        }

        return null;
    }

    /// <summary>Only a permission refusal counts: a port in use by someone else must fail start-up loudly, not move.</summary>
    private static bool MayBind(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
