using System.Net;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>Entry points of the NVMe/TCP host (initiator).</summary>
public static class NvmeTcpHost
{
    private const int MaxDiscoveryAttempts = 10;

    /// <summary>
    /// Reads the discovery log from a discovery controller (spec §11): header first, then header and all
    /// entries, then the header again; retried while GENCTR changes underneath.
    /// </summary>
    public static async Task<DiscoveryLog> DiscoverAsync(EndPoint discoveryEndPoint, NvmeHostOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(discoveryEndPoint);
        options ??= new NvmeHostOptions();
        ControllerSession session = await ControllerSession.EstablishAsync(discoveryEndPoint, WellKnownNqn.Discovery, options, discovery: true, generation: 1, ct);
        try
        {
            for (int attempt = 0; attempt < MaxDiscoveryAttempts; attempt++)
            {
                byte[] header = await session.GetLogPageAsync(LogPageId.Discovery, 0, DiscoveryLogPage.HeaderSize, ct);
                (ulong generation, ulong records) = DiscoveryLogPage.ReadHeader(header);
                int count = (int)Math.Min(records, 4096);
                byte[] page = await session.GetLogPageAsync(LogPageId.Discovery, 0, DiscoveryLogPage.HeaderSize * (1 + count), ct);
                byte[] again = await session.GetLogPageAsync(LogPageId.Discovery, 0, DiscoveryLogPage.HeaderSize, ct);
                (ulong generationAfter, _) = DiscoveryLogPage.ReadHeader(again);
                (ulong pageGeneration, _) = DiscoveryLogPage.ReadHeader(page);
                if (generation == generationAfter && generation == pageGeneration)
                {
                    List<DiscoveryLogEntry> entries = DiscoveryLogPage.ReadEntries(page, count);
                    if (options.LinuxStrict)
                    {
                        for (int i = 0; i < entries.Count; i++)
                        {
                            LinuxHostRules.CheckDiscoveryEntry(entries[i], i);
                        }
                    }

                    return new DiscoveryLog(generation, entries);
                }
            }

            throw new NvmeException(NvmeErrorKind.ProtocolError, $"Discovery log kept changing over {MaxDiscoveryAttempts} reads.");
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await session.ShutdownAsync(timeout.Token);
        }
    }

    public static Task<NvmeController> ConnectAsync(EndPoint endPoint, string subsystemNqn, NvmeHostOptions? options = null, CancellationToken ct = default) =>
        NvmeController.ConnectAsync(endPoint, subsystemNqn, options, ct);

    /// <summary>Connects a controller and opens one namespace; disposing the device disconnects the controller.</summary>
    public static async Task<NvmeBlockDevice> OpenBlockDeviceAsync(EndPoint endPoint, string subsystemNqn, uint nsid, NvmeHostOptions? options = null, CancellationToken ct = default)
    {
        NvmeController controller = await NvmeController.ConnectAsync(endPoint, subsystemNqn, options, ct);
        try
        {
            ControllerSession session = await controller.GetSessionAsync(ct);
            NamespaceInfo info = await NvmeController.IdentifyNamespaceAsync(session, nsid, ct);
            return new NvmeBlockDevice(controller, info, session.Generation, ownsController: true);
        }
        catch
        {
            await controller.DisposeAsync();
            throw;
        }
    }
}
