using NvmeTcp.Host;
using NvmeTcp.Target;
using NvmeTcp.Tests.Support;

namespace NvmeTcp.Tests.Host;

/// <summary>What one Linux-strict host remembers across subsystems, as Linux keeps it across its nvme_subsystems.</summary>
public class LinuxSubsystemViewTests
{
    [Fact]
    public async Task NamespaceWithTheIdentifiersOfAnotherSubsystemsNamespace_IsRefused()
    {
        Guid shared = Guid.NewGuid();
        await using var first = new LoopbackTarget(namespaces: 0);
        first.Subsystem.AddNamespace(1, new InMemoryNamespaceBackend(64, 512, shared));
        var second = new NvmeSubsystem("nqn.2016-06.io.test:cnode2");
        second.AddNamespace(3, new InMemoryNamespaceBackend(64, 512, shared));
        first.Target.AddSubsystem(second);
        NvmeHostOptions strict = TestOptions.Host() with { HostNqn = $"nqn.2016-06.io.test:host-{Guid.NewGuid():N}", LinuxStrict = true };

        await using NvmeController one = await NvmeTcpHost.ConnectAsync(first.EndPoint, LoopbackTarget.SubsystemNqn, strict);
        await using NvmeController two = await NvmeTcpHost.ConnectAsync(first.EndPoint, second.Nqn, strict);
        Assert.Equal(shared, (await one.IdentifyNamespaceAsync(1)).Uuid);
        var error = await Assert.ThrowsAsync<NvmeException>(() => two.IdentifyNamespaceAsync(3));

        Assert.Contains("nvme_global_check_duplicate_ids", error.Message);
        Assert.Contains($"namespace 1's in {LoopbackTarget.SubsystemNqn}", error.Message);
    }
}
