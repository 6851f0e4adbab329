using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Tests.Host;

/// <summary>Each check of the Linux-strict host, shown refusing one bad value and naming the field and the kernel check.</summary>
public partial class LinuxHostRulesTests
{
    private const string Nqn = "nqn.2016-06.io.test:linux";
    private const ulong Capabilities = 0x3FFUL | (1UL << 16) | (15UL << 24) | (1UL << 37);

    /// <summary>An I/O controller as our target reports one: every check passes.</summary>
    private static readonly ControllerIdentity Good = new()
    {
        ControllerId = 7, Version = 0x00010400, MultiPathCapabilities = 0x0B, ControllerType = ControllerIdentity.IoControllerType,
        Mdts = 8, KeepAliveSupport = 10, MaxCommands = 1024, NamespaceCount = 1024, MaxAllowedNamespaces = 1024,
        AnaGroupMax = 1024, AnaGroupCount = 1024, SglSupport = 0x00100001, SubsystemNqn = Nqn,
        IoCommandCapsuleSize = 1028, IoResponseCapsuleSize = 1,
    };

    private static void AssertRefused(Action check, string field, string kernelCheck) =>
        AssertRefused(check, field, kernelCheck, "Linux would refuse this target:");

    /// <summary>A refusal stricter than the kernel must say so, and say what Linux does instead.</summary>
    private static void AssertStricter(Action check, string field, string whatLinuxDoes) =>
        AssertRefused(check, field, whatLinuxDoes, "Linux-strict mode refuses this target (stricter than Linux):");

    private static void AssertRefused(Action check, string field, string kernelCheck, string prefix)
    {
        NvmeException error = Assert.Throws<NvmeException>(check);
        Assert.Equal(NvmeErrorKind.ProtocolError, error.Kind);
        Assert.StartsWith(prefix, error.Message);
        Assert.Contains($" {field} = ", error.Message);
        Assert.Contains(kernelCheck, error.Message);
    }

    [Fact]
    public void Controller_AsOurTargetReportsIt_Passes()
    {
        LinuxHostRules.CheckController(Good, 7, Nqn, discovery: false, Capabilities);
        LinuxHostRules.CheckController(Good with { MultiPathCapabilities = 0, ControllerType = ControllerIdentity.DiscoveryControllerType, KeepAliveSupport = 0, SubsystemNqn = WellKnownNqn.Discovery },
            7, WellKnownNqn.Discovery, discovery: true, Capabilities);
    }

    /// <summary>One bad field each, with the field and kernel check the refusal must name (ControllerIdentity is internal, so the theory passes the case's name).</summary>
    private static readonly Dictionary<string, (ControllerIdentity Identity, string Field, string KernelCheck, bool Stricter)> BadControllerCases = new()
    {
        ["MNAN 0 with ANA"] = (Good with { MaxAllowedNamespaces = 0 }, "MNAN", "Invalid MNAN value 0", false),
        ["MNAN above NN"] = (Good with { MaxAllowedNamespaces = 2048 }, "MNAN", "Invalid MNAN value 2048", false),
        ["no keep-alive"] = (Good with { KeepAliveSupport = 0 }, "KAS", "keep-alive support is mandatory for fabrics", false),
        ["no SGL"] = (Good with { SglSupport = 0x00100000 }, "SGLS", "Mandatory sgls are not supported!", false),
        ["ICDOFF"] = (Good with { InCapsuleDataOffset = 1 }, "ICDOFF", "icdoff is not supported!", false),
        ["other CNTLID"] = (Good with { ControllerId = 8 }, "CNTLID", "Mismatching cntlid", false),
        ["other NQN"] = (Good with { SubsystemNqn = "nqn.2016-06.io.test:other" }, "SUBNQN", "only warn 'missing or invalid SUBNQN field'", true),
        ["empty NQN"] = (Good with { SubsystemNqn = "" }, "SUBNQN", "core.c nvme_init_subnqn", true),
        ["ANAGRPMAX 0"] = (Good with { AnaGroupMax = 0 }, "ANAGRPMAX/NANAGRPID", "nvme_parse_ana_log", false),
        ["NANAGRPID above ANAGRPMAX"] = (Good with { AnaGroupCount = 2048 }, "ANAGRPMAX/NANAGRPID", "NANAGRPID", false),
        ["ANA log above MDTS"] = (Good with { Mdts = 1 }, "NANAGRPID/MNAN/MDTS", "disabling ANA support", true),
        ["MAXCMD 0"] = (Good with { MaxCommands = 0 }, "MAXCMD", "clamping down", false),
        ["IOCCSZ below one SQE"] = (Good with { IoCommandCapsuleSize = 3 }, "IOCCSZ/IORCSZ", "nvme_check_ctrl_fabric_info", false),
        ["CNTRLTYPE 0 on 1.4"] = (Good with { ControllerType = 0 }, "CNTRLTYPE", "NVMe 1.4 requires 1 here", true),
    };

    public static TheoryData<string> BadControllers
    {
        get
        {
            var cases = new TheoryData<string>();
            foreach (string scenario in BadControllerCases.Keys)
            {
                cases.Add(scenario);
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(BadControllers))]
    public void Controller_WithABadField_IsRefusedNamingItAndTheKernelCheck(string scenario)
    {
        (ControllerIdentity identity, string field, string kernelCheck, bool stricter) = BadControllerCases[scenario];
        void Check() => LinuxHostRules.CheckController(identity, 7, Nqn, discovery: false, Capabilities);
        if (stricter)
        {
            AssertStricter(Check, field, kernelCheck);
        }
        else
        {
            AssertRefused(Check, field, kernelCheck);
        }
    }

    [Fact]
    public void DiscoveryController_ReportingAnotherType_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckController(Good with { MultiPathCapabilities = 0, SubsystemNqn = "nqn.2016-06.io.test:disc" }, 7, "nqn.2016-06.io.test:disc", discovery: true, Capabilities),
            "CNTRLTYPE", "is not a discovery controller");

    [Fact]
    public void Capabilities_WithAPageSizeAbove4KiB_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckController(Good, 7, Nqn, false, Capabilities | (1UL << 48)), "MPSMIN", "Minimum device page size");

    [Fact]
    public void ConnectResponse_AskingForAuthentication_IsRefused()
    {
        LinuxHostRules.CheckConnectResponse(0, 7);
        LinuxHostRules.CheckConnectResponse(1, 1u << 16); // 6.1 reads only bit 17 on I/O queues, 6.12 bits 17-18
        AssertRefused(() => LinuxHostRules.CheckConnectResponse(0, 7 | (1u << 16)), "DW0 AUTHREQ", "6.1: bits 16-17");
        AssertRefused(() => LinuxHostRules.CheckConnectResponse(0, 7 | (1u << 17)), "DW0 AUTHREQ", "authentication required");
        AssertRefused(() => LinuxHostRules.CheckConnectResponse(1, 7 | (1u << 18)), "DW0 AUTHREQ", "ASCR bit 18");
    }

    private static byte[] NamespacePage(uint anaGroup = 1, int blockSize = 4096)
    {
        byte[] page = new byte[IdentifyCns.DataSize];
        new NamespaceIdentity(1024, blockSize, anaGroup).Write(page, sharedMultiPath: true);
        return page;
    }

    [Fact]
    public void Namespace_AsOurTargetReportsIt_Passes() => LinuxHostRules.CheckNamespace(NamespacePage(), 1, Good);

    [Fact]
    public void Namespace_WithAnaGroupIdZero_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckNamespace(NamespacePage(anaGroup: 0), 1, Good), "ANAGRPID", "grpid == 0");

    [Fact]
    public void Namespace_WithAnaGroupIdAboveAnaGrpMax_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckNamespace(NamespacePage(anaGroup: 1025), 1, Good), "ANAGRPID", "grpid > anagrpmax");

    [Fact]
    public void Namespace_WithBlocksLargerThanAPage_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckNamespace(NamespacePage(blockSize: 8192), 1, Good), "LBAF0.LBADS", "lba_shift > PAGE_SHIFT");

    [Fact]
    public void Namespace_WithCapacityZero_IsRefused()
    {
        byte[] page = NamespacePage();
        page.AsSpan(8, 8).Clear();
        AssertRefused(() => LinuxHostRules.CheckNamespace(page, 1, Good), "NCAP", "not allocated or attached");
    }

    [Fact]
    public void Namespace_WithMetadata_IsRefused()
    {
        byte[] page = NamespacePage();
        page[128] = 8;
        AssertRefused(() => LinuxHostRules.CheckNamespace(page, 1, Good), "LBAF0.MS", "capacity 0");
    }

    [Fact]
    public void Namespace_FormattedWithAFormatItDoesNotList_IsRefused()
    {
        byte[] page = NamespacePage();
        page[26] = 1;
        AssertRefused(() => LinuxHostRules.CheckNamespace(page, 1, Good), "FLBAS", "NLBAF");
    }

    private static byte[] Descriptors(Guid uuid)
    {
        byte[] page = new byte[IdentifyCns.DataSize];
        NamespaceIdentity.WriteDescriptors(page, uuid);
        return page;
    }

    [Fact]
    public void Descriptors_AsOurTargetWritesThem_Pass() => LinuxHostRules.CheckDescriptors(Descriptors(Guid.NewGuid()), 1);

    [Fact]
    public void Descriptors_WithAWrongLength_AreRefused()
    {
        byte[] page = Descriptors(Guid.NewGuid());
        page[41] = 2; // CSI descriptor (after NGUID and UUID) claiming 2 bytes
        AssertRefused(() => LinuxHostRules.CheckDescriptors(page, 1), "NIDL of NIDT 4", "bogus length");
    }

    [Fact]
    public void Descriptors_OfAnotherCommandSet_AreRefused()
    {
        byte[] page = Descriptors(Guid.NewGuid());
        page[44] = 2; // CSI 2: zoned
        AssertRefused(() => LinuxHostRules.CheckDescriptors(page, 1), "CSI", "unknown csi");
    }

    [Fact]
    public void Descriptors_WithoutANonZeroIdentifier_AreRefused() =>
        AssertStricter(() => LinuxHostRules.CheckDescriptors(Descriptors(Guid.Empty), 1), "UUID/NGUID/EUI64", "joins paths by NSID alone");

    [Fact]
    public void Descriptors_CarryTheUuidAsBothNguidAndUuid()
    {
        Guid uuid = Guid.NewGuid();
        byte[] page = Descriptors(uuid);

        Assert.Equal(uuid, NamespaceIdentity.ReadNguidDescriptor(page));
        Assert.Equal(uuid, NamespaceIdentity.ReadUuidDescriptor(page));
    }

    [Fact]
    public void ActiveNamespaceList_OutOfOrderOrAboveNn_IsRefused()
    {
        LinuxHostRules.CheckActiveNamespaceList([1, 2, 9], 0, Good);
        AssertRefused(() => LinuxHostRules.CheckActiveNamespaceList([2, 1], 0, Good), "NSID", "ascending");
        AssertRefused(() => LinuxHostRules.CheckActiveNamespaceList([3], 3, Good), "NSID", "above the one asked after");
        AssertStricter(() => LinuxHostRules.CheckActiveNamespaceList([1025], 0, Good), "NSID", "NN is the largest valid NSID");
    }

    [Fact]
    public void AnaLog_AsOurTargetBuildsIt_Passes() =>
        LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1, AnaState.Optimized, [1]), new AnaGroup(2, AnaState.Inaccessible, [2])]), Good);

    [Fact]
    public void AnaLog_WithGroupIdZero_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(0, AnaState.Optimized, [1])]), Good), "ANAGRPID", "grpid == 0");

    [Fact]
    public void AnaLog_WithGroupIdAboveAnaGrpMax_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1025, AnaState.Optimized, [1])]), Good), "ANAGRPID", "grpid > anagrpmax");

    [Fact]
    public void AnaLog_WithAReservedState_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1, (AnaState)5, [1])]), Good), "ANAS of group 1", "state > NVME_ANA_CHANGE");

    [Fact]
    public void AnaLog_WithMoreGroupsThanNanaGrpId_IsRefused() =>
        AssertStricter(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1, AnaState.Optimized, [1]), new AnaGroup(2, AnaState.Optimized, [2])]), Good with { AnaGroupCount = 1 }),
            "NGRPS", "NANAGRPID");

    [Fact]
    public void AnaLog_ListingMoreNamespacesThanMnan_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1, AnaState.Optimized, [1, 2, 3])]), Good with { AnaGroupCount = 1, MaxAllowedNamespaces = 2, NamespaceCount = 2 }),
            "NNSID of group 1", "MNAN");

    [Fact]
    public void AnaLog_WithNamespacesOutOfOrder_IsRefused() =>
        AssertRefused(() => LinuxHostRules.CheckAnaLog(AnaLogPage.Build(1, [new AnaGroup(1, AnaState.Optimized, [2, 1])]), Good), "NSID list of group 1", "ascending");

    [Fact]
    public void Namespace_WhoseGroupTheAnaLogDoesNotList_IsRefused()
    {
        LinuxHostRules.CheckNamespaceInAnaLog(1, 1, [new AnaGroup(1, AnaState.Optimized, [1])]);
        AssertRefused(() => LinuxHostRules.CheckNamespaceInAnaLog(1, 2, [new AnaGroup(1, AnaState.Optimized, [1])]), "ANAGRPID", "NVME_NS_ANA_PENDING");
    }

    public static TheoryData<string, DiscoveryLogEntry, string> BadDiscoveryEntries => new()
    {
        { "RDMA", new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { TransportType = 1 }, "TRTYPE" },
        { "unknown family", new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { AddressFamily = 9 }, "ADRFAM/TRADDR" },
        { "IPv6 address as IPv4", new DiscoveryLogEntry("::1", "4420", Nqn), "ADRFAM/TRADDR" },
        { "host name", new DiscoveryLogEntry("server00", "4420", Nqn), "ADRFAM/TRADDR" },
        { "named service", new DiscoveryLogEntry("10.0.0.1", "nvme", Nqn), "TRSVCID" },
        { "port 0", new DiscoveryLogEntry("10.0.0.1", "0", Nqn), "TRSVCID" },
        { "unknown subtype", new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { SubsystemType = 7 }, "SUBTYPE" },
        { "no NQN", new DiscoveryLogEntry("10.0.0.1", "4420", ""), "SUBNQN" },
        { "small admin queue", new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { AdminMaxQueueSize = 16 }, "ASQSZ" },
        { "TLS", new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { SecurityType = 2 }, "TSAS SECTYPE" },
    };

    [Fact]
    public void DiscoveryEntry_RequiringASecureChannel_IsRefusedAsStricter()
    {
        LinuxHostRules.CheckDiscoveryEntry(new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { TransportRequirements = 0x06 }, 0); // not required
        AssertStricter(() => LinuxHostRules.CheckDiscoveryEntry(new DiscoveryLogEntry("10.0.0.1", "4420", Nqn) { TransportRequirements = 0x05 }, 0), "TREQ", "neither the kernel nor nvme-cli reads TREQ");
    }

    [Theory]
    [MemberData(nameof(BadDiscoveryEntries))]
    public void DiscoveryEntry_WithABadField_IsRefused(string scenario, DiscoveryLogEntry entry, string field)
    {
        _ = scenario;
        LinuxHostRules.CheckDiscoveryEntry(new DiscoveryLogEntry("10.0.0.1", "4420", Nqn), 0);
        AssertRefused(() => LinuxHostRules.CheckDiscoveryEntry(entry, 3), field, "");
    }

    [Fact]
    public void SecondController_WithACntlidAnotherPathHas_IsRefused()
    {
        LinuxHostRules.CheckJoinsSubsystem(Good, [1, 2]);
        AssertRefused(() => LinuxHostRules.CheckJoinsSubsystem(Good, [7]), "CNTLID", "Duplicate cntlid 7");
        AssertRefused(() => LinuxHostRules.CheckJoinsSubsystem(Good with { MultiPathCapabilities = 0x08 }, [1]), "CMIC", "does not support multiple controllers");
    }

    [Fact]
    public void SharedNamespace_SeenWithOtherIdentifiersOrPrivate_IsRefused()
    {
        Guid uuid = Guid.NewGuid();
        var ids = new LinuxNamespaceIds(uuid, uuid);
        LinuxHostRules.CheckSameNamespace(1, true, ids, (true, ids));
        AssertRefused(() => LinuxHostRules.CheckSameNamespace(1, true, ids with { Nguid = Guid.NewGuid() }, (true, ids)), "UUID/NGUID", "IDs don't match for shared namespace 1");
        AssertRefused(() => LinuxHostRules.CheckSameNamespace(1, false, ids, (true, ids)), "NMIC", "Duplicate unshared namespace 1");
        AssertRefused(() => LinuxHostRules.CheckUniqueIdentifiers(2, ids, 1), "UUID/NGUID", "duplicate IDs in subsystem for nsid 2");
        LinuxHostRules.CheckGloballyUniqueIdentifiers(2, ids, Nqn, null);
        AssertRefused(() => LinuxHostRules.CheckGloballyUniqueIdentifiers(2, ids, Nqn, ("nqn.2016-06.io.test:other", 5)), "UUID/NGUID", "ignoring nsid 2 because of duplicate IDs");
    }
}
