using NvmeTcp.Nvme;

namespace NvmeTcp.Tests.Nvme;

/// <summary>The Changed Namespace List (log 0x04) as any host reads it: NSIDs up to the first zero, or "everything" on overflow.</summary>
public class ChangedNamespaceListTests
{
    private static byte[] Page(params uint[] entries) => ChangedNamespaceList.Build(entries);

    [Fact]
    public void Read_ListsTheNsidsUpToTheFirstZero() => Assert.Equal([2u, 7u], ChangedNamespaceList.Read(Page(2, 7, 0, 9)));

    [Fact]
    public void Read_AnEmptyList_IsNoNamespace() => Assert.Equal([], ChangedNamespaceList.Read(Page()));

    [Fact]
    public void Read_TheOverflowMarkerFirst_IsEverything() => Assert.Null(ChangedNamespaceList.Read(Page(ChangedNamespaceList.Overflow)));

    [Fact]
    public void Build_MoreThanFit_WritesTheOverflowMarker() => Assert.Null(ChangedNamespaceList.Read(ChangedNamespaceList.Build([.. Enumerable.Range(1, 1025).Select(i => (uint)i)])));

    [Fact]
    public void Read_AFullList_StopsAtTheEndOfThePage() => Assert.Equal(1024, ChangedNamespaceList.Read(Page([.. Enumerable.Range(1, 1024).Select(i => (uint)i)]))!.Count);
}
