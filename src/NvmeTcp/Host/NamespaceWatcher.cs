using System.Threading.Channels;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// Follows a controller's namespaces as the Linux host does once connected (drivers/nvme/host/core.c of 6.1 and 6.12):
/// enables namespace attribute notices (nvme_enable_aen), keeps one Asynchronous Event Request outstanding
/// (nvme_async_event_work), and on a notice re-arms it, reads the Changed Namespace List to clear the event
/// (nvme_clear_changed_ns_log) and rescans every active namespace (nvme_scan_work, nvme_scan_ns_list, nvme_scan_ns):
/// an NSID gone from the list, or identified as inactive, is dropped; one whose identifiers changed is dropped too
/// (nvme_validate_ns: 'identifiers changed for nsid'), until a later scan finds it new; the others take their current
/// size (nvme_update_ns_info). With <see cref="NvmeHostOptions.LinuxStrict"/>, what it reads passes
/// <see cref="LinuxHostRules"/>. Opt-in: DMS's copies never start one, and it adds nothing to the I/O path.
/// <para>
/// Narrower than Linux on purpose: it enables namespace attribute notices only (Linux also enables firmware
/// activation, ANA change and discovery change notices when OAES offers them), and it follows one association: when
/// the connection is lost it ends with that error (Linux re-enables events and rescans after reconnecting, core.c
/// nvme_start_ctrl; start another watcher for that).
/// </para>
/// </summary>
public sealed class NamespaceWatcher : IAsyncDisposable
{
    /// <summary>NVME_NSID_ALL, the NSID Linux reads the Changed Namespace List with.</summary>
    private const uint AllNamespaces = 0xFFFFFFFF;

    private readonly ControllerSession _session;
    private readonly Channel<NamespaceRescan> _rescans = Channel.CreateUnbounded<NamespaceRescan>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyDictionary<uint, NamespaceInfo> _namespaces = new Dictionary<uint, NamespaceInfo>();
    private Task _loop = Task.CompletedTask;

    private NamespaceWatcher(ControllerSession session) => _session = session;

    /// <summary>The host's namespaces as of the last scan: NSID → size and identifiers.</summary>
    public IReadOnlyDictionary<uint, NamespaceInfo> Namespaces => Volatile.Read(ref _namespaces);

    private bool Strict => _session.Options.LinuxStrict;

    /// <summary>Enables the notices, arms the request and scans once, as a Linux controller starts (core.c nvme_start_ctrl).</summary>
    public static async Task<NamespaceWatcher> StartAsync(NvmeController controller, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(controller);
        var watcher = new NamespaceWatcher(await controller.GetSessionAsync(ct));
        await watcher.EnableNoticesAsync(ct);
        Task<CompletionQueueEntry> firstEvent = watcher._session.WaitForEventAsync();
        try
        {
            watcher._namespaces = await watcher.ScanAsync(ct);
        }
        catch
        {
            Observe(firstEvent);
            throw;
        }

        watcher._loop = watcher.FollowAsync(firstEvent);
        return watcher;
    }

    /// <summary>The next notice handled; throws what ended the watcher (a rule refused, the connection was lost).</summary>
    public async Task<NamespaceRescan> NextRescanAsync(CancellationToken ct = default)
    {
        // WaitToReadAsync rethrows the error the loop completed the channel with, as it was thrown.
        while (await _rescans.Reader.WaitToReadAsync(ct))
        {
            if (_rescans.Reader.TryRead(out NamespaceRescan? rescan))
            {
                return rescan;
            }
        }

        throw new ObjectDisposedException(nameof(NamespaceWatcher));
    }

    private async Task EnableNoticesAsync(CancellationToken ct)
    {
        if (Strict)
        {
            LinuxHostRules.CheckNamespaceNoticesSupported(_session.Identity);
        }
        else if ((_session.Identity.AsyncEventsSupported & AsyncEvent.NamespaceAttributeNotices) == 0)
        {
            throw new NvmeException(NvmeErrorKind.ProtocolError,
                $"The controller reports no namespace attribute notices (Identify Controller OAES = 0x{_session.Identity.AsyncEventsSupported:X8}, bit 8 clear): there is nothing to watch.");
        }

        const uint configuration = AsyncEvent.NamespaceAttributeNotices;
        try
        {
            await _session.AdminAsync(CommandBuilder.SetFeatures(FeatureId.AsyncEventConfiguration, configuration), default, default, "Set Features Asynchronous Event Configuration", ct);
        }
        catch (NvmeException ex) when (ex.Kind == NvmeErrorKind.CommandFailed && Strict)
        {
            throw LinuxHostRules.ConfigurationRefused(configuration, ex);
        }
        catch (NvmeException ex) when (ex.Kind == NvmeErrorKind.CommandFailed)
        {
            // Linux warns and arms the request anyway (core.c nvme_enable_aen).
        }
    }

    private async Task FollowAsync(Task<CompletionQueueEntry> pending)
    {
        try
        {
            while (true)
            {
                AsyncEvent ev = Decode(await pending.WaitAsync(_stop.Token));
                // Re-armed before the scan (core.c nvme_complete_async_event queues nvme_async_event_work), so a change
                // during the scan completes the new request and is scanned for next.
                pending = _session.WaitForEventAsync();
                if (!ev.IsNamespaceAttributeChanged)
                {
                    continue; // Linux scans for no other event (core.c nvme_handle_aen_notice)
                }

                // Never cancelled: NVMe/TCP cannot take a command back, and cancelling one resets the association.
                IReadOnlyList<uint>? changed = await ReadChangedNamespacesAsync();
                IReadOnlyDictionary<uint, NamespaceInfo> namespaces = await ScanAsync(CancellationToken.None);
                Volatile.Write(ref _namespaces, namespaces);
                _rescans.Writer.TryWrite(new NamespaceRescan(ev.Result, changed, namespaces));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            _rescans.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _rescans.Writer.TryComplete(ex);
        }
        finally
        {
            Observe(pending); // still outstanding once stopped: it ends with the association
        }
    }

    private AsyncEvent Decode(CompletionQueueEntry cqe)
    {
        if (!cqe.IsSuccess)
        {
            // Linux stops listening too (core.c nvme_complete_async_event): nothing more would ever arrive.
            throw Strict ? LinuxHostRules.EventRequestFailed(cqe.NvmeStatus) : NvmeException.FromStatus(cqe.NvmeStatus, "Asynchronous Event Request");
        }

        var ev = new AsyncEvent(cqe.Dw0);
        if (Strict)
        {
            LinuxHostRules.CheckAsyncEvent(ev);
        }

        return ev;
    }

    /// <summary>Reading the log clears the event (core.c nvme_clear_changed_ns_log); what it lists is reported, not relied on.</summary>
    private async Task<IReadOnlyList<uint>?> ReadChangedNamespacesAsync()
    {
        byte[] page = await _session.GetLogPageAsync(LogPageId.ChangedNamespaceList, AllNamespaces, ChangedNamespaceList.Size, CancellationToken.None);
        if (Strict)
        {
            LinuxHostRules.CheckChangedNamespaceList(page, _session.Identity);
        }

        return ChangedNamespaceList.Read(page);
    }

    /// <summary>core.c nvme_scan_ns_list and nvme_scan_ns: every active NSID identified, checked against what was known.</summary>
    private async Task<IReadOnlyDictionary<uint, NamespaceInfo>> ScanAsync(CancellationToken ct)
    {
        IReadOnlyDictionary<uint, NamespaceInfo> known = Namespaces;
        var found = new Dictionary<uint, NamespaceInfo>();
        foreach (uint nsid in await NvmeController.GetActiveNamespaceIdsAsync(_session, ct))
        {
            NamespaceInfo info;
            try
            {
                info = await NvmeController.IdentifyNamespaceAsync(_session, nsid, ct);
            }
            catch (NvmeException ex) when (ex.Kind == NvmeErrorKind.CommandFailed && ex.StatusCodeType == NvmeStatus.GenericType && ex.StatusCode == NvmeStatus.InvalidNamespace.StatusCode)
            {
                continue; // inactive by now: removed (core.c nvme_ns_info_from_identify, NCAP 0 → nvme_ns_remove_by_nsid)
            }

            if (known.TryGetValue(nsid, out NamespaceInfo? before) && before.Uuid != info.Uuid)
            {
                continue; // core.c nvme_validate_ns: 'identifiers changed for nsid', removed until a later scan
            }

            found[nsid] = info;
        }

        return found;
    }

    private static void Observe(Task task) => task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Stops following; the request stays outstanding until the association ends, as NVMe cannot withdraw one.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
