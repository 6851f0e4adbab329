using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using NvmeTcp.Nvme;

namespace NvmeTcp.Host;

/// <summary>
/// The checks the Linux NVMe/TCP host makes on what a target reports (drivers/nvme/host/ core.c,
/// multipath.c, fabrics.c, tcp.c of Linux 6.1 and 6.12; the discovery log through nvme-cli/libnvme, which
/// <c>nvme connect-all</c> uses), applied when <see cref="NvmeHostOptions.LinuxStrict"/> is set, so that a
/// target this host accepts is one Linux accepts. Each failure names the structure, the field, the value
/// and the kernel check. Two kinds: <see cref="Refuse"/> mirrors a refusal of the kernel ("Linux would refuse
/// this target"); <see cref="Stricter"/> refuses what Linux accepts, or merely warns about or works around,
/// because a target depending on it would misbehave on a Linux host — its message says so and why. ICResp
/// (PFV, CPDA, digests, MAXH2CDATA) needs no entry here: every mode already checks it as tcp.c
/// nvme_tcp_init_connection does (<see cref="Transport.ConnectionInitializer"/>).
/// </summary>
internal static partial class LinuxHostRules
{
    /// <summary>Linux's page size on x86-64 and arm64 defaults: NVME_CTRL_PAGE_SHIFT and PAGE_SHIFT (12).</summary>
    private const int PageShift = 12;

    /// <summary>
    /// Connect response DW0 bits Linux reads as "authentication required": 6.1 tests bits 16-17 on the admin
    /// queue (<c>(result &gt;&gt; 16) &amp; 0x3</c>) and bit 17 on I/O queues; 6.12 tests ATR (bit 17) and ASCR (bit 18) on both.
    /// </summary>
    private const uint AdminAuthenticationBits = 0x7u << 16, IoAuthenticationBits = 0x3u << 17;
    private const byte CmicMultiController = 0x02;

    /// <summary>Connect response DW0: the CNTLID, and no in-band authentication asked for (this host has no DH-HMAC-CHAP key).</summary>
    public static void CheckConnectResponse(ushort queueId, uint dw0)
    {
        if ((dw0 & (queueId == 0 ? AdminAuthenticationBits : IoAuthenticationBits)) != 0)
        {
            throw Refuse($"Connect response (queue {queueId})", "DW0 AUTHREQ", $"0x{dw0:X8}",
                "fabrics.c nvmf_connect_admin_queue (6.1: bits 16-17; 6.12: ATR bit 17, ASCR bit 18) / nvmf_connect_io_queue (6.1: bit 17): "
                + "'authentication required', then nvme_auth_negotiate fails without a DH-HMAC-CHAP key ('authentication setup failed')");
        }
    }

    /// <summary>Identify Controller against the Connect that created the association and the controller's CAP.</summary>
    public static void CheckController(ControllerIdentity id, ushort connectControllerId, string connectedNqn, bool discovery, ulong capabilities)
    {
        const string where = "Identify Controller";
        int mpsMin = (int)((capabilities >> 48) & 0xF);
        if (mpsMin != 0)
        {
            throw Refuse("Property CAP", "MPSMIN", mpsMin.ToString(CultureInfo.InvariantCulture),
                "core.c nvme_enable_ctrl: 'Minimum device page size too large for host' (Linux uses 4 KiB pages)");
        }

        if (id.ControllerId != connectControllerId)
        {
            throw Refuse(where, "CNTLID", $"{id.ControllerId} (Connect said {connectControllerId})",
                "core.c nvme_init_identify: 'Mismatching cntlid: Connect vs Identify, rejecting'");
        }

        if (id.SubsystemNqn.Length is 0 or >= AsciiField.NqnFieldSize || id.SubsystemNqn != connectedNqn)
        {
            throw Stricter(where, "SUBNQN", $"'{id.SubsystemNqn}' (connected to '{connectedNqn}')",
                "Linux 6.1/6.12 only warn 'missing or invalid SUBNQN field' and file the controller under the NQN it reports (core.c nvme_init_subnqn), "
                + "so a SUBNQN other than the one connected to splits one subsystem's paths into several subsystems and multipath never joins them");
        }

        byte expectedType = discovery ? ControllerIdentity.DiscoveryControllerType : ControllerIdentity.IoControllerType;
        if (id.Version >= 0x00010400 && id.ControllerType != expectedType)
        {
            string type = id.ControllerType.ToString(CultureInfo.InvariantCulture);
            if (discovery && id.SubsystemNqn != WellKnownNqn.Discovery)
            {
                throw Refuse(where, "CNTRLTYPE", type, "core.c nvme_init_subsystem: 'Subsystem ... is not a discovery controller' (neither CNTRLTYPE 2 nor the well-known discovery NQN)");
            }

            throw Stricter(where, "CNTRLTYPE", type,
                $"NVMe 1.4 requires {expectedType} here; Linux only records it (core.c nvme_init_subsystem, sysfs cntrltype), takes the well-known discovery NQN as discovery whatever the type, and CNTRLTYPE 2 on an I/O subsystem as a discovery one");
        }

        if (id.InCapsuleDataOffset != 0)
        {
            throw Refuse(where, "ICDOFF", id.InCapsuleDataOffset.ToString(CultureInfo.InvariantCulture), "tcp.c nvme_tcp_setup_ctrl: 'icdoff is not supported!'");
        }

        if ((id.SglSupport & 0x3) == 0)
        {
            throw Refuse(where, "SGLS", $"0x{id.SglSupport:X8}", "tcp.c nvme_tcp_setup_ctrl: 'Mandatory sgls are not supported!' (SGLS bits 1:0 must not be 0)");
        }

        if (discovery)
        {
            return;
        }

        if (id.KeepAliveSupport == 0)
        {
            throw Refuse(where, "KAS", "0", "core.c nvme_init_identify: 'keep-alive support is mandatory for fabrics'");
        }

        if (id.MaxCommands == 0)
        {
            throw Refuse(where, "MAXCMD", "0",
                "6.1 tcp.c nvme_tcp_setup_ctrl clamps SQSIZE to MAXCMD - 1 ('sqsize > ctrl maxcmd, clamping down'), which underflows the u16 to 65535, so the I/O queue Connect asks 65536 entries, more than any MQES below 65535 allows; "
                + "6.12 core.c nvme_check_ctrl_fabric_info only warns 'Firmware bug: maximum outstanding commands is 0'");
        }

        if (id.IoCommandCapsuleSize < 4 || id.IoResponseCapsuleSize < 1)
        {
            throw Refuse(where, "IOCCSZ/IORCSZ", $"{id.IoCommandCapsuleSize}/{id.IoResponseCapsuleSize}",
                "6.12 core.c nvme_check_ctrl_fabric_info: 'I/O queue command capsule supported size < 4' / 'response capsule supported size < 1'; "
                + "6.1 does not check, and tcp.c sizes the in-capsule limit as IOCCSZ*16 - 64, which a smaller IOCCSZ underflows");
        }

        if (id.ReportsAna)
        {
            CheckAnaLimits(id);
        }
    }

    /// <summary>multipath.c nvme_mpath_init_identify: MNAN, the ANA log's size, and the group limits its parser holds groups to.</summary>
    private static void CheckAnaLimits(ControllerIdentity id)
    {
        const string where = "Identify Controller";
        if (id.MaxAllowedNamespaces == 0 || id.MaxAllowedNamespaces > id.NamespaceCount)
        {
            throw Refuse(where, "MNAN", $"{id.MaxAllowedNamespaces} (NN {id.NamespaceCount}) with CMIC reporting ANA",
                $"multipath.c nvme_mpath_init_identify: 'Invalid MNAN value {id.MaxAllowedNamespaces}' (must be 1..NN)");
        }

        if (id.AnaGroupMax == 0 || id.AnaGroupCount == 0 || id.AnaGroupCount > id.AnaGroupMax)
        {
            throw Refuse(where, "ANAGRPMAX/NANAGRPID", $"{id.AnaGroupMax}/{id.AnaGroupCount}",
                "multipath.c nvme_parse_ana_log refuses group ids above ANAGRPMAX and groups beyond the NANAGRPID it sized the log for (1 <= NANAGRPID <= ANAGRPMAX)");
        }

        long logSize = AnaLogSize(id);
        long maxTransfer = id.Mdts == 0 ? uint.MaxValue : 1L << (PageShift + id.Mdts);
        if (logSize > maxTransfer)
        {
            throw Stricter(where, "NANAGRPID/MNAN/MDTS", $"{id.AnaGroupCount}/{id.MaxAllowedNamespaces}/{id.Mdts}",
                $"Linux connects but runs without ANA (multipath.c nvme_mpath_init_identify: 'ANA log page size ({logSize}) larger than MDTS ({maxTransfer})', 'disabling ANA support'): "
                + "every path then counts as optimized, and I/O sent to an inaccessible one fails over only after an error");
        }
    }

    /// <summary>The ANA log size Linux reads and parses within: header, NANAGRPID group descriptors, MNAN NSIDs.</summary>
    private static long AnaLogSize(ControllerIdentity id) => AnaLogPage.MaxSize(id.AnaGroupCount, id.MaxAllowedNamespaces);

    /// <summary>Identify Active Namespace List (CNS 2) read after <paramref name="after"/>.</summary>
    public static void CheckActiveNamespaceList(IReadOnlyList<uint> nsids, uint after, ControllerIdentity id)
    {
        uint previous = after;
        foreach (uint nsid in nsids)
        {
            if (nsid <= previous)
            {
                throw Refuse("Identify Active Namespace List", "NSID", $"{nsid} after {previous}",
                    "core.c nvme_scan_ns_list: NSIDs ascending, each above the one asked after (it removes every NSID it skips between two entries)");
            }

            if (nsid > id.NamespaceCount)
            {
                throw Stricter("Identify Active Namespace List", "NSID", $"{nsid} (NN {id.NamespaceCount})",
                    "NVMe Base: NN is the largest valid NSID; core.c nvme_scan_ns_list does not check it, but a target whose ANA group ids follow its NSIDs "
                    + "then reports a group above ANAGRPMAX, and multipath.c nvme_parse_ana_log refuses the whole controller");
            }

            previous = nsid;
        }
    }

    /// <summary>Identify Namespace (CNS 0) of an active NSID.</summary>
    public static void CheckNamespace(ReadOnlySpan<byte> page, uint nsid, ControllerIdentity controller)
    {
        string where = $"Identify Namespace {nsid}";
        ulong capacity = BinaryPrimitives.ReadUInt64LittleEndian(page[8..]);
        if (capacity == 0)
        {
            throw Refuse(where, "NCAP", "0", "core.c nvme_identify_ns: NCAP 0 means 'not allocated or attached' and the namespace is dropped");
        }

        int formats = page[25] + 1;
        int flbas = page[26];
        int format = (flbas & 0x0F) | ((flbas >> 1) & 0x30);
        if (format >= formats)
        {
            throw Refuse(where, "FLBAS", $"format {format} of {formats}", "core.c nvme_update_ns_info reads lbaf[FLBAS]: the format must exist (NLBAF)");
        }

        ReadOnlySpan<byte> lbaFormat = page.Slice(128 + format * 4, 4);
        ushort metadata = BinaryPrimitives.ReadUInt16LittleEndian(lbaFormat);
        if (metadata != 0)
        {
            throw Refuse(where, $"LBAF{format}.MS", metadata.ToString(CultureInfo.InvariantCulture),
                "core.c nvme_configure_metadata/nvme_update_disk_info: metadata without PI gives the block device capacity 0 (fabrics allow only extended LBAs)");
        }

        byte lbads = lbaFormat[2];
        if (lbads is < NamespaceIdentity.MinLbads or > PageShift)
        {
            throw Refuse(where, $"LBAF{format}.LBADS", lbads.ToString(CultureInfo.InvariantCulture),
                "core.c nvme_update_disk_info: 'lba_shift > PAGE_SHIFT' gives capacity 0 (block sizes 512 B..4 KiB only)");
        }

        if (controller.ReportsAna)
        {
            uint group = BinaryPrimitives.ReadUInt32LittleEndian(page[92..]);
            if (group == 0 || group > controller.AnaGroupMax)
            {
                throw Refuse(where, "ANAGRPID", $"{group} (ANAGRPMAX {controller.AnaGroupMax})",
                    "no ANA log can list that group (multipath.c nvme_parse_ana_log refuses 'grpid == 0' / 'grpid > anagrpmax'), so nvme_mpath_add_disk never finds it "
                    + "and leaves the path NVME_NS_ANA_PENDING (unusable)");
            }
        }
    }

    /// <summary>Namespace Identification Descriptor list (CNS 3): lengths Linux accepts, the NVM command set, and (stricter) a non-zero identifier.</summary>
    public static void CheckDescriptors(ReadOnlySpan<byte> page, uint nsid)
    {
        string where = $"Namespace Identification Descriptors of {nsid}";
        bool identified = false;
        for (int offset = 0; offset + 4 <= page.Length && page[offset + 1] != 0;)
        {
            byte type = page[offset], length = page[offset + 1];
            int expected = type switch { 1 => 8, 2 => 16, 3 => 16, 4 => 1, _ => length };
            if (length != expected || offset + 4 + length > page.Length)
            {
                throw Refuse(where, $"NIDL of NIDT {type}", length.ToString(CultureInfo.InvariantCulture),
                    $"core.c nvme_process_ns_desc: 'ctrl returned bogus length: {length}' (EUI64 8, NGUID 16, UUID 16, CSI 1)");
            }

            ReadOnlySpan<byte> value = page.Slice(offset + 4, length);
            if (type == 4 && value[0] != 0)
            {
                throw Refuse(where, "CSI", value[0].ToString(CultureInfo.InvariantCulture), "core.c nvme_validate_or_alloc_ns: 'unknown csi' (0, NVM)");
            }

            identified |= type is (1 or 2 or 3) && value.ContainsAnyExcept((byte)0);
            offset += 4 + length;
        }

        if (!identified)
        {
            throw Stricter(where, "UUID/NGUID/EUI64", "none non-zero",
                "Linux accepts a namespace without identifiers, but then joins paths by NSID alone (core.c nvme_init_ns_head), has no /dev/disk/by-id link or "
                + "uuid.* wwid for it, and a recycled NSID is taken for the old namespace; a Lightbits volume's NGUID and UUID are its volume UUID (lightbits-api.md §9)");
        }
    }

    /// <summary>The ANA log page (0x0C) as read, against the controller's limits.</summary>
    public static void CheckAnaLog(ReadOnlySpan<byte> page, ControllerIdentity id)
    {
        const string where = "ANA log page";
        int groups = AnaLogPage.GroupCount(page);
        if (groups > id.AnaGroupCount)
        {
            throw Stricter(where, "NGRPS", $"{groups} (NANAGRPID {id.AnaGroupCount})",
                "NANAGRPID is the number of groups a controller has; multipath.c nvme_parse_ana_log fails ('offset > ana_log_size', WARN, -EINVAL) only once "
                + "the extra groups overflow the buffer it sized from NANAGRPID and MNAN, which depends on how many NSIDs the groups list");
        }

        long logSize = AnaLogSize(id);
        int offset = 16;
        for (int i = 0; i < groups; i++)
        {
            if (offset + 32 > Math.Min(page.Length, logSize))
            {
                throw Refuse(where, $"group {i} descriptor", $"at byte {offset}", "multipath.c nvme_parse_ana_log: 'offset > ana_log_size - sizeof(*desc)'");
            }

            ReadOnlySpan<byte> d = page[offset..];
            uint group = BinaryPrimitives.ReadUInt32LittleEndian(d);
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(d[4..]);
            byte state = d[16];
            if (group == 0 || group > id.AnaGroupMax)
            {
                throw Refuse(where, "ANAGRPID", $"{group} (ANAGRPMAX {id.AnaGroupMax})", "multipath.c nvme_parse_ana_log: 'grpid == 0' / 'grpid > anagrpmax'");
            }

            if (!Enum.IsDefined((AnaState)state))
            {
                throw Refuse(where, $"ANAS of group {group}", $"0x{state:X2}",
                    "multipath.c nvme_parse_ana_log: 'state == 0' / 'state > NVME_ANA_CHANGE'; 5..14 are reserved");
            }

            offset += 32;
            if (offset + 4L * count > Math.Min(page.Length, logSize))
            {
                throw Refuse(where, $"NNSID of group {group}", count.ToString(CultureInfo.InvariantCulture),
                    "multipath.c nvme_parse_ana_log: 'offset > ana_log_size - nsid_buf_size' (all groups' NSIDs together at most MNAN)");
            }

            uint previous = 0;
            for (int n = 0; n < count; n++)
            {
                uint nsid = BinaryPrimitives.ReadUInt32LittleEndian(page[(offset + 4 * n)..]);
                if (nsid <= previous)
                {
                    throw Refuse(where, $"NSID list of group {group}", $"{nsid} after {previous}",
                        "multipath.c nvme_update_ana_state walks the group's NSIDs and its namespace list together, both ascending: others are never updated");
                }

                previous = nsid;
            }

            offset += 4 * (int)count;
        }
    }

    /// <summary>The namespace's ANA group must be in the log listing it, or Linux keeps the path pending and re-reads forever.</summary>
    public static void CheckNamespaceInAnaLog(uint nsid, uint anaGroupId, IReadOnlyList<AnaGroup> groups)
    {
        if (!groups.Any(g => g.GroupId == anaGroupId && g.NamespaceIds.Contains(nsid)))
        {
            throw Refuse($"ANA log page for namespace {nsid}", "ANAGRPID", anaGroupId.ToString(CultureInfo.InvariantCulture),
                "multipath.c nvme_mpath_add_disk: 'group desc not found: trigger a re-read' leaves the path NVME_NS_ANA_PENDING (unusable)");
        }
    }

    /// <summary>One discovery log entry as libnvme (<c>nvme connect-all</c>) uses it to connect.</summary>
    public static void CheckDiscoveryEntry(DiscoveryLogEntry entry, int index)
    {
        string where = $"Discovery log entry {index}";
        if (entry.TransportType != DiscoveryLogEntry.TcpTransport)
        {
            throw Refuse(where, "TRTYPE", entry.TransportType.ToString(CultureInfo.InvariantCulture), "libnvme nvmf_connect_disc_entry: 3 (TCP) for an NVMe/TCP host");
        }

        AddressFamily? family = entry.AddressFamily switch { DiscoveryLogEntry.IPv4 => AddressFamily.InterNetwork, DiscoveryLogEntry.IPv6 => AddressFamily.InterNetworkV6, _ => null };
        if (family is null || !IPAddress.TryParse(entry.TransportAddress, out IPAddress? address) || address.AddressFamily != family)
        {
            throw Refuse(where, "ADRFAM/TRADDR", $"{entry.AddressFamily}/'{entry.TransportAddress}'",
                "libnvme nvmf_connect_disc_entry: 'skipping unsupported adrfam'; TRADDR must be an address of that family (nvme_tcp create_ctrl: inet_pton_with_scope)");
        }

        if (!ushort.TryParse(entry.TransportServiceId, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) || port == 0)
        {
            throw Refuse(where, "TRSVCID", $"'{entry.TransportServiceId}'", "fabrics.c/tcp.c: a decimal TCP port (inet_pton_with_scope)");
        }

        if (entry.SubsystemType is not (1 or DiscoveryLogEntry.NvmSubsystemType or DiscoveryLogEntry.CurrentDiscoverySubsystemType))
        {
            throw Refuse(where, "SUBTYPE", entry.SubsystemType.ToString(CultureInfo.InvariantCulture), "libnvme nvmf_connect_disc_entry: 'skipping unsupported subtype'");
        }

        if (entry.SubsystemNqn.Length == 0)
        {
            throw Refuse(where, "SUBNQN", "''", "fabrics.c nvmf_parse_options: nqn= is required");
        }

        if (entry.AdminMaxQueueSize < 32)
        {
            throw Refuse(where, "ASQSZ", entry.AdminMaxQueueSize.ToString(CultureInfo.InvariantCulture),
                "NVMe-oF discovery log: 'shall be 32 or greater' (Linux always opens a 32-entry admin queue, NVME_AQ_DEPTH)");
        }

        if (entry.SecurityType != 0)
        {
            throw Refuse(where, "TSAS SECTYPE", entry.SecurityType.ToString(CultureInfo.InvariantCulture),
                "nvme-cli fabrics.c (nvme connect-all): a SECTYPE other than NONE connects with tls, which 6.1's fabrics.c nvmf_parse_options does not know "
                + "(NVMe/TCP TLS came in 6.7) and 6.12 refuses without a configured PSK; this host has no TLS");
        }

        if ((entry.TransportRequirements & SecureChannelMask) == SecureChannelRequired)
        {
            throw Stricter(where, "TREQ", $"0x{entry.TransportRequirements:X2} (secure channel required)",
                "neither the kernel nor nvme-cli reads TREQ, but a port requiring a secure channel refuses the plain TCP connection a host without TLS (6.1, or 6.12 without a PSK) makes");
        }
    }

    /// <summary>Discovery log TREQ bits 1:0 (NVMe-oF): 1 = a secure channel is required.</summary>
    private const byte SecureChannelMask = 0x03, SecureChannelRequired = 0x01;

    /// <summary>
    /// Linux's view of one subsystem across its controllers (core.c nvme_validate_cntlid, nvme_init_ns_head):
    /// a new controller's CNTLID must differ from every live one's, and only a subsystem reporting multiple
    /// controllers (CMIC bit 1) may have a second.
    /// </summary>
    public static void CheckJoinsSubsystem(ControllerIdentity id, IReadOnlyCollection<ushort> liveControllerIds)
    {
        if (liveControllerIds.Contains(id.ControllerId))
        {
            throw Refuse("Identify Controller", "CNTLID", $"{id.ControllerId}, already the CNTLID of another live controller of {id.SubsystemNqn}",
                $"core.c nvme_validate_cntlid: 'Duplicate cntlid {id.ControllerId}, rejecting'");
        }

        if (liveControllerIds.Count > 0 && (id.MultiPathCapabilities & CmicMultiController) == 0)
        {
            throw Refuse("Identify Controller", "CMIC", $"0x{id.MultiPathCapabilities:X2} on a second controller of {id.SubsystemNqn}",
                "core.c nvme_validate_cntlid: 'Subsystem does not support multiple controllers'");
        }
    }

    /// <summary>A namespace seen through a second controller must be shared (NMIC bit 0) on both and carry the same identifiers.</summary>
    public static void CheckSameNamespace(uint nsid, bool shared, LinuxNamespaceIds ids, (bool Shared, LinuxNamespaceIds Ids) seenBefore)
    {
        if (!shared || !seenBefore.Shared)
        {
            throw Refuse($"Identify Namespace {nsid}", "NMIC", shared ? "shared here, private on another path" : "0 (private)",
                $"core.c nvme_init_ns_head: 'Duplicate unshared namespace {nsid}'");
        }

        if (ids != seenBefore.Ids)
        {
            throw Refuse($"Namespace identifiers of {nsid}", "UUID/NGUID", $"{ids} (another path: {seenBefore.Ids})",
                $"core.c nvme_init_ns_head/nvme_ns_ids_equal: 'IDs don't match for shared namespace {nsid}'");
        }
    }

    /// <summary>Two NSIDs of one subsystem must not share an identifier.</summary>
    public static void CheckUniqueIdentifiers(uint nsid, LinuxNamespaceIds ids, uint otherNsid)
    {
        if (otherNsid != nsid)
        {
            throw Refuse($"Namespace identifiers of {nsid}", "UUID/NGUID", $"{ids}, also namespace {otherNsid}'s",
                $"core.c nvme_init_ns_head/nvme_subsys_check_duplicate_ids: 'duplicate IDs in subsystem for nsid {nsid}'");
        }
    }

    /// <summary>A namespace must share no identifier with a namespace of another subsystem the host is connected to (<paramref name="elsewhere"/>, if one does).</summary>
    public static void CheckGloballyUniqueIdentifiers(uint nsid, LinuxNamespaceIds ids, string subsystemNqn, (string SubsystemNqn, uint Nsid)? elsewhere)
    {
        if (elsewhere is { } other)
        {
            throw Refuse($"Namespace identifiers of {nsid} in {subsystemNqn}", "UUID/NGUID", $"{ids}, also namespace {other.Nsid}'s in {other.SubsystemNqn}",
                $"core.c nvme_init_ns_head/nvme_global_check_duplicate_ids: on fabrics 'ignoring nsid {nsid} because of duplicate IDs'");
        }
    }

    /// <summary>A refusal the kernel (or nvme-cli) makes: <paramref name="kernelCheck"/> names the function and its message.</summary>
    private static NvmeException Refuse(string structure, string field, string value, string kernelCheck) =>
        new(NvmeErrorKind.ProtocolError, $"Linux would refuse this target: {structure} {field} = {value}; {kernelCheck}.");

    /// <summary>A refusal stricter than the kernel: <paramref name="why"/> says what Linux does instead and why a target must not rely on it.</summary>
    private static NvmeException Stricter(string structure, string field, string value, string why) =>
        new(NvmeErrorKind.ProtocolError, $"Linux-strict mode refuses this target (stricter than Linux): {structure} {field} = {value}; {why}.");
}
