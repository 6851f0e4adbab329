namespace Dms.Cloning.Planning;

/// <summary>A byte range of a volume: [<see cref="Offset"/>, <see cref="End"/>).</summary>
public readonly record struct ByteExtent(long Offset, long Length)
{
    public long End => Offset + Length;
}
