using System.IO.Hashing;

namespace Dms.Cloning.Verification;

/// <summary>
/// The hash of every chunk as read from the source, kept for the verification pass: 8 bytes per
/// chunk (8 MiB per TiB copied at 1 MiB chunks). Chunks copied before a restart have no entry and
/// are hashed from the source again when verified.
/// </summary>
public sealed class ChecksumLog
{
    private readonly ulong[] _hashes;
    private readonly bool[] _known;

    public ChecksumLog(int chunkCount)
    {
        _hashes = new ulong[chunkCount];
        _known = new bool[chunkCount];
    }

    public int ChunkCount => _hashes.Length;

    public static ulong Hash(ReadOnlySpan<byte> data) => XxHash3.HashToUInt64(data);

    public void Record(int chunk, ulong hash)
    {
        _hashes[chunk] = hash;
        Volatile.Write(ref _known[chunk], true);
    }

    public bool TryGet(int chunk, out ulong hash)
    {
        hash = _hashes[chunk];
        return Volatile.Read(ref _known[chunk]);
    }
}
