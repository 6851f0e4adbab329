namespace Dms.Cloning.Planning;

/// <summary>A run of <see cref="Count"/> logical blocks from block <see cref="Start"/>, as a source lists what it holds.</summary>
public readonly record struct BlockExtent(ulong Start, ulong Count)
{
    public ulong End => Start + Count;
}
