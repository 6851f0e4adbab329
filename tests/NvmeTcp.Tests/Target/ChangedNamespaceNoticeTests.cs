using System.Buffers.Binary;
using NvmeTcp.Host;
using NvmeTcp.Nvme;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Target;

/// <summary>The Changed Namespace List (log 0x04) and its notice tell a host only of namespaces it can see, or could before.</summary>
public class ChangedNamespaceNoticeTests
{
    [Fact]
    public async Task ChangedNamespaceList_ListsOnlyWhatThisHostSeesOrSaw()
    {
        bool secondVisible = false;
        var policy = new DelegateAccessPolicy(_ => true, (_, nsid) => nsid == 1 || secondVisible);
        await using var target = new LoopbackTarget(policy: policy, namespaces: 2);
        await using NvmeController controller = await NvmeTcpHost.ConnectAsync(target.EndPoint, LoopbackTarget.SubsystemNqn, TestOptions.Host());
        ControllerSession session = await controller.GetSessionAsync(default);

        target.Subsystem.NotifyNamespacesChanged(2); // another host's namespace changed
        Assert.Empty(await ChangedAsync(session));

        target.Subsystem.NotifyNamespacesChanged(2);
        target.Subsystem.NotifyNamespacesChanged(1);
        CompletionQueueEntry notice = await session.AdminAsync(new SubmissionQueueEntry { Opcode = AdminOpcode.AsyncEventRequest }, default, default, "Asynchronous Event Request", default);
        Assert.Equal(0x00040002u, notice.Dw0); // namespace attribute changed, log 0x04
        Assert.Equal([1u], await ChangedAsync(session));

        secondVisible = true; // the ACL now lists this host
        target.Subsystem.NotifyNamespacesChanged(2);
        Assert.Equal([2u], await ChangedAsync(session));

        secondVisible = false; // and no longer: losing it is news too
        target.Subsystem.NotifyNamespacesChanged(2);
        Assert.Equal([2u], await ChangedAsync(session));
    }

    private static async Task<List<uint>> ChangedAsync(ControllerSession session)
    {
        byte[] page = await session.GetLogPageAsync(LogPageId.ChangedNamespaceList, 0, 4096, default);
        var nsids = new List<uint>();
        for (int offset = 0; offset < page.Length && BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(offset)) is uint nsid and not 0; offset += 4)
        {
            nsids.Add(nsid);
        }

        return nsids;
    }
}
