namespace Lightbits.Emulator.Storage.ChangedBlocks;

/// <summary>
/// One answer of the changed-blocks scan in the shape of spec §13: <paramref name="NextOffsetLba"/>
/// is where the next call starts, 0 once the end of the snapshot was reached.
/// </summary>
public sealed record ChangedBlocksPage(long NextOffsetLba, IReadOnlyList<LbaRange> LbaRanges);

/// <summary>
/// LBAs [<paramref name="LbaStart"/>, <paramref name="LbaEnd"/>): a multiple of 64 LBAs starting at a
/// multiple of 64, except that the last range of a snapshot ends at the snapshot's end.
/// <paramref name="DataBitmap"/> has one bit per LBA, least significant bit first within each byte.
/// </summary>
public sealed record LbaRange(long LbaStart, long LbaEnd, byte[] DataBitmap);
