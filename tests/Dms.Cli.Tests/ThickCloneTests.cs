namespace Dms.Cli.Tests;

/// <summary>Client-side checks of thick-clone: each refused before anything goes to DMS (the service route lands with issue 4).</summary>
[Collection(DmsCliTestGroup.Name)]
public sealed class ThickCloneTests(DmsCliFixture fixture)
{
    private static readonly string Cluster = "4cb2e0bf-20fa-5720-8cc2-1a11fe3e9850";
    private static readonly string Snapshot = "6d7f14cf-64ac-4a63-9696-0a88a94b22c3";

    private static string[] Valid(string noun) =>
    [
        "thick-clone", noun, "--src-cluster-id", Cluster, "--src-proj-name", "default", "--src-snap-id", Snapshot,
        "--dst-cluster-id", Cluster, "--dst-proj-name", "default", "--dst-name", "volume-001",
    ];

    [Theory]
    [InlineData("volume", "--dst-name")]
    [InlineData("volume", "--src-snap-id")]
    [InlineData("snapshot", "--dst-cluster-id")]
    [InlineData("snapshot", "--src-proj-name")]
    public async Task ThickClone_MissingRequiredFlag_IsAUsageErrorNamingIt(string noun, string flag)
    {
        var args = Valid(noun).ToList();
        var at = args.IndexOf(flag);
        args.RemoveRange(at, 2);

        OneLine.AssertFailure(await fixture.RunAsync([.. args]), 2, $"needs {flag}");
    }

    [Theory]
    [InlineData("--size", "10zib", "unknown unit \"zib\"")]
    [InlineData("--size", "ten gib", "--size")]
    [InlineData("--size", "1.3MiB", "--size '1.3MiB' is not a whole number of bytes")]
    [InlineData("--replica-count", "4", "--replica-count '4' must be a whole number from 1 to 3")]
    [InlineData("--sector-size", "1024", "1024")]
    [InlineData("--src-snap-id", "snap-1", "--src-snap-id 'snap-1' is not a UUID")]
    [InlineData("--dst-name", "bad/name", "--dst-name 'bad/name'")]
    [InlineData("--compression", "maybe", "maybe")]
    public async Task ThickCloneVolume_BadValue_IsAUsageErrorNamingTheFlag(string flag, string value, string expected)
    {
        var args = Valid("volume").ToList();
        if (args.IndexOf(flag) is var at and >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([flag, value]);
        }

        OneLine.AssertFailure(await fixture.RunAsync([.. args]), 2, expected);
    }

    [Fact]
    public async Task ThickCloneVolume_DecimalSizeOffTheGivenSectorSize_IsAUsageErrorWithTheNearestValidSizes()
    {
        OneLine.AssertFailure(await fixture.RunAsync([.. Valid("volume"), "--size", "10GB", "--sector-size", "4096"]), 2,
            "--size '10GB' (9.3 GiB, 10000000000 bytes) is not whole 4096-byte sectors; nearest: 9.3 GiB, 9999998976 bytes or 9.3 GiB, 10000003072 bytes");
    }

    [Fact]
    public async Task ThickClone_TheGuidesExampleIds_AreRefusedBecauseTheClusterIdHas13HexDigitsInItsLastGroup()
    {
        var result = await fixture.RunAsync("thick-clone", "volume", "--src-cluster-id", "6d7f14cf-64ac-4a63-9696-0a88a94b22888", "--src-proj-name", "default",
            "--src-snap-id", Snapshot, "--dst-cluster-id", Cluster, "--dst-proj-name", "default", "--dst-name", "volume-001", "--replica-count", "2", "--size", "10gib");

        OneLine.AssertFailure(result, 2, "--src-cluster-id '6d7f14cf-64ac-4a63-9696-0a88a94b22888' is not a UUID");
    }

    [Fact]
    public async Task ThickCloneSnapshot_DescriptionOver256Characters_IsAUsageError()
    {
        OneLine.AssertFailure(await fixture.RunAsync([.. Valid("snapshot"), "--description", new string('d', 257)]), 2, "--description has 257 characters");
    }

    [Fact]
    public async Task ThickCloneVolume_DescriptionIsASnapshotOnlyFlag()
    {
        OneLine.AssertFailure(await fixture.RunAsync([.. Valid("volume"), "--description", "x"]), 2, "--description");
    }
}
