using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace NvmeTcp.Tests.Host;

/// <summary>What the strict host checks after connecting: the notices it enables, the events it receives, the Changed Namespace List it reads.</summary>
public partial class LinuxHostRulesTests
{
    private const string NotRelyingOnTheLog = "nvme_clear_changed_ns_log: 'we don't want to rely on it'";

    private static byte[] ChangedList(params uint[] entries) => ChangedNamespaceList.Build(entries);

    [Theory]
    [InlineData(new uint[0])]
    [InlineData(new uint[] { 1, 5, 1024 })]
    [InlineData(new uint[] { ChangedNamespaceList.Overflow })]
    public void ChangedNamespaceList_AsTheSpecWritesIt_Passes(uint[] entries) =>
        LinuxHostRules.CheckChangedNamespaceList(ChangedList(entries), Good);

    [Theory]
    [InlineData(new uint[] { 5, 3 }, "entry 1", "3 after 5", "NSIDs in increasing order")]
    [InlineData(new uint[] { 5, 5 }, "entry 1", "5 after 5", "NSIDs in increasing order")]
    [InlineData(new uint[] { 1, 0, 3 }, "entry 2", "3 after the list ended", "zero-filled after the last NSID")]
    [InlineData(new uint[] { ChangedNamespaceList.Overflow, 2 }, "entry 1", "2 after the list ended", "after FFFFFFFFh, everything")]
    [InlineData(new uint[] { 1, ChangedNamespaceList.Overflow }, "entry 1", "FFFFFFFFh", "FFFFFFFFh only as the first entry")]
    [InlineData(new uint[] { 1025 }, "entry 0", "1025 (NN 1024)", "valid NSIDs, 1..NN")]
    public void ChangedNamespaceList_Malformed_IsRefusedAsStricterThanLinux(uint[] entries, string field, string value, string rule)
    {
        NvmeException error = Assert.Throws<NvmeException>(() => LinuxHostRules.CheckChangedNamespaceList(ChangedList(entries), Good));
        Assert.StartsWith("Linux-strict mode refuses this target (stricter than Linux): Changed Namespace List (log 0x04)", error.Message);
        Assert.Contains($"{field} = {value};", error.Message);
        Assert.Contains(rule, error.Message);
        Assert.Contains(NotRelyingOnTheLog, error.Message);
    }

    [Fact]
    public void AsyncEvent_NamespaceAttributeChangedNamingLog04_Passes() =>
        LinuxHostRules.CheckAsyncEvent(new AsyncEvent(AsyncEvent.NamespaceAttributeChangedResult));

    [Theory]
    [InlineData(0x00030102u, "DW0", "nvme_aer_subtype")] // notice, firmware activation starting: not enabled
    [InlineData(0x00010300u, "DW0", "nvme_aer_type")] // error event, persistent internal error
    [InlineData(0x00020002u, "DW0 log page", "nvme_clear_changed_ns_log")] // the right notice naming the SMART log
    public void AsyncEvent_OtherThanTheEnabledNotice_IsRefusedAsStricterThanLinux(uint result, string field, string whatLinuxDoes) =>
        AssertStricter(() => LinuxHostRules.CheckAsyncEvent(new AsyncEvent(result)), field, whatLinuxDoes);

    [Fact]
    public void Controller_WithoutNamespaceNotices_IsRefusedForWatching()
    {
        LinuxHostRules.CheckNamespaceNoticesSupported(Good with { AsyncEventsSupported = AsyncEvent.NamespaceAttributeNotices });
        AssertStricter(() => LinuxHostRules.CheckNamespaceNoticesSupported(Good with { AsyncEventsSupported = 1u << 11 }), "OAES", "core.c nvme_enable_aen");
    }

    [Fact]
    public void FailedEventRequest_IsRefusedBecauseLinuxStopsListening() =>
        AssertStricter(() => throw LinuxHostRules.EventRequestFailed(NvmeStatus.AsyncEventLimitExceeded), "status", "nvme_complete_async_event returns before queueing");

    [Fact]
    public void RefusedEventConfiguration_IsRefusedThoughLinuxOnlyWarns() =>
        AssertStricter(() => throw LinuxHostRules.ConfigurationRefused(0x100, NvmeException.FromStatus(NvmeStatus.InvalidField, "Set Features")), "status", "Failed to configure AEN (cfg 100)");
}
