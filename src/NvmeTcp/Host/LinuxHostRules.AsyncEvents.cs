using System.Buffers.Binary;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// What Linux does after connecting, as <see cref="NamespaceWatcher"/> follows it: Asynchronous Event Configuration
/// (core.c nvme_enable_aen), one Asynchronous Event Request kept outstanding (nvme_async_event_work), and on a
/// namespace attribute notice (nvme_complete_async_event, nvme_handle_aen_notice) the Changed Namespace List read
/// (nvme_clear_changed_ns_log) and a rescan (nvme_scan_work). Linux reads that log only to clear the event and
/// trusts none of it, so every check of it here is stricter than Linux and says why.
/// </summary>
internal static partial class LinuxHostRules
{
    /// <summary>OAES must offer namespace attribute notices, or Linux hears of no namespace change while connected.</summary>
    public static void CheckNamespaceNoticesSupported(ControllerIdentity id)
    {
        if ((id.AsyncEventsSupported & AsyncEvent.NamespaceAttributeNotices) == 0)
        {
            throw Stricter("Identify Controller", "OAES", $"0x{id.AsyncEventsSupported:X8} (bit 8, namespace attribute notices, clear)",
                "Linux enables only the notices OAES reports (core.c nvme_enable_aen: oaes & NVME_AEN_SUPPORTED), so it learns of a namespace that appears, "
                + "goes or is resized only when it reconnects (core.c nvme_start_ctrl queues a scan)");
        }
    }

    /// <summary>Set Features Asynchronous Event Configuration was refused.</summary>
    public static NvmeException ConfigurationRefused(uint configuration, NvmeException refusal) =>
        Stricter("Set Features Asynchronous Event Configuration", "status", $"{refusal.Status} for 0x{configuration:X8}",
            $"Linux only warns 'Failed to configure AEN (cfg {configuration:x})' and arms the request anyway (core.c nvme_enable_aen), "
            + "but a controller that refused the configuration need not send the notices");

    /// <summary>An Asynchronous Event Request completed with an error status.</summary>
    public static NvmeException EventRequestFailed(NvmeStatus status) =>
        Stricter("Asynchronous Event Request completion", "status", status.ToString(),
            "Linux neither handles nor resubmits a failed request (core.c nvme_complete_async_event returns before queueing nvme_async_event_work), "
            + "so it hears of no change again until the controller is reset");

    /// <summary>The event must be the namespace attribute notice this host enabled, naming the log that clears it.</summary>
    public static void CheckAsyncEvent(AsyncEvent ev)
    {
        const string where = "Asynchronous Event Request completion";
        if (!ev.IsNamespaceAttributeChanged)
        {
            throw Stricter(where, "DW0", ev.ToString(),
                "this host enabled namespace attribute notices only (Asynchronous Event Configuration 0x100), and a controller sends no notice that is not enabled; "
                + "Linux decodes type and information alone (core.c nvme_aer_type, nvme_aer_subtype): it would not rescan for this one, but warn "
                + "'async event result %08x' (nvme_handle_aen_notice), pass it to userspace as a uevent (nvme_aen_uevent) or, for a persistent internal error, reset the controller");
        }

        if (ev.LogPage != LogPageId.ChangedNamespaceList)
        {
            throw Stricter(where, "DW0 log page", ev.ToString(),
                "Linux ignores it and reads the Changed Namespace List (core.c nvme_scan_work, nvme_clear_changed_ns_log), but the event stays set until the log "
                + "it names is read, so a host going by it (as NVMe Base asks) never clears the event and hears of no further change");
        }
    }

    /// <summary>The Changed Namespace List (0x04) as read: ascending NSIDs up to NN, zero-filled after the last, or FFFFFFFFh first and zeros.</summary>
    public static void CheckChangedNamespaceList(ReadOnlySpan<byte> page, ControllerIdentity id)
    {
        const string where = "Changed Namespace List (log 0x04)";
        uint previous = 0;
        bool ended = false;
        for (int offset = 0; offset + 4 <= page.Length; offset += 4)
        {
            uint nsid = BinaryPrimitives.ReadUInt32LittleEndian(page[offset..]);
            string entry = $"entry {offset / 4}";
            if (nsid == 0)
            {
                ended = true;
            }
            else if (ended || previous == ChangedNamespaceList.Overflow)
            {
                throw ChangedListStricter(where, entry, $"{nsid} after the list ended", "zero-filled after the last NSID (after FFFFFFFFh, everything)");
            }
            else if (nsid == ChangedNamespaceList.Overflow && offset != 0)
            {
                throw ChangedListStricter(where, entry, "FFFFFFFFh", "FFFFFFFFh only as the first entry, meaning more than 1024 namespaces changed");
            }
            else if (nsid != ChangedNamespaceList.Overflow && nsid <= previous)
            {
                throw ChangedListStricter(where, entry, $"{nsid} after {previous}", "NSIDs in increasing order");
            }
            else if (nsid != ChangedNamespaceList.Overflow && nsid > id.NamespaceCount)
            {
                throw ChangedListStricter(where, entry, $"{nsid} (NN {id.NamespaceCount})", "valid NSIDs, 1..NN");
            }
            else
            {
                previous = nsid;
            }
        }
    }

    private static NvmeException ChangedListStricter(string where, string field, string value, string rule) =>
        Stricter(where, field, value,
            $"NVMe Base's Namespace List holds {rule}; Linux reads the log only to clear the event and rescans every namespace "
            + "(core.c nvme_clear_changed_ns_log: 'we don't want to rely on it'), but a host that trusts the list, as the spec lets it, would miss or misplace changes");
}
