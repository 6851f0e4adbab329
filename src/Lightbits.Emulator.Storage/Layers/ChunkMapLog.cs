using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using Microsoft.Win32.SafeHandles;

namespace Lightbits.Emulator.Storage.Layers;

/// <summary>
/// The durable form of a <see cref="ChunkMap"/>: an append-only file of 16-byte records
/// (chunk index, state, CRC-32C). Replaying it rebuilds the map; a torn or corrupt tail — a
/// process killed mid-append — ends the replay and is cut off, so earlier records stay valid.
/// </summary>
internal sealed class ChunkMapLog : IDisposable
{
    internal const int RecordSize = 16;
    private const uint Magic = 0x4C42_0000; // "LB" in the high half of the state word

    private readonly SafeFileHandle _file;
    private long _length;

    private ChunkMapLog(SafeFileHandle file, long length)
    {
        _file = file;
        _length = length;
    }

    /// <summary>Records replayed at open; compaction pays off when this far exceeds the live entries.</summary>
    public long RecordCount => _length / RecordSize;

    /// <summary>Opens (or creates) the log at <paramref name="path"/> and replays it into <paramref name="map"/>.</summary>
    public static ChunkMapLog Open(string path, ChunkMap map)
    {
        var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            long valid = Replay(file, map);
            if (valid != RandomAccess.GetLength(file))
            {
                RandomAccess.SetLength(file, valid);
                RandomAccess.FlushToDisk(file);
            }

            return new ChunkMapLog(file, valid);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Writes the live entries of <paramref name="map"/> as a fresh log, atomically replacing <paramref name="path"/>.</summary>
    public static void Rewrite(string path, ChunkMap map)
    {
        string temp = path + ".tmp";
        using (var file = File.OpenHandle(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var records = new List<(long, ChunkState)>(map.Entries());
            Write(file, 0, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records));
            RandomAccess.FlushToDisk(file);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Appends <paramref name="records"/> and makes them durable.</summary>
    public void Append(ReadOnlySpan<(long Chunk, ChunkState State)> records)
    {
        if (records.IsEmpty)
        {
            return;
        }

        Write(_file, _length, records);
        RandomAccess.FlushToDisk(_file);
        _length += (long)records.Length * RecordSize;
    }

    public void Dispose() => _file.Dispose();

    private static void Write(SafeFileHandle file, long offset, ReadOnlySpan<(long Chunk, ChunkState State)> records)
    {
        const int Batch = 4096;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(records.Length, Batch) * RecordSize);
        try
        {
            while (!records.IsEmpty)
            {
                int count = Math.Min(records.Length, Batch);
                for (int i = 0; i < count; i++)
                {
                    Encode(buffer.AsSpan(i * RecordSize, RecordSize), records[i].Chunk, records[i].State);
                }

                RandomAccess.Write(file, buffer.AsSpan(0, count * RecordSize), offset);
                offset += (long)count * RecordSize;
                records = records[count..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static long Replay(SafeFileHandle file, ChunkMap map)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long offset = 0;
            while (true)
            {
                int read = RandomAccess.Read(file, buffer.AsSpan(0, 64 * 1024), offset);
                int whole = read / RecordSize * RecordSize;
                for (int i = 0; i < whole; i += RecordSize)
                {
                    if (!TryDecode(buffer.AsSpan(i, RecordSize), out long chunk, out var state))
                    {
                        return offset + i;
                    }

                    map.Set(chunk, state);
                }

                offset += whole;
                if (read < 64 * 1024)
                {
                    return offset;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Encode(Span<byte> record, long chunk, ChunkState state)
    {
        BinaryPrimitives.WriteInt64LittleEndian(record, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], Magic | (uint)state);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], Checksum(record));
    }

    private static bool TryDecode(ReadOnlySpan<byte> record, out long chunk, out ChunkState state)
    {
        chunk = BinaryPrimitives.ReadInt64LittleEndian(record);
        uint stateWord = BinaryPrimitives.ReadUInt32LittleEndian(record[8..]);
        state = (ChunkState)(stateWord & 0xFF);
        return BinaryPrimitives.ReadUInt32LittleEndian(record[12..]) == Checksum(record)
            && (stateWord & 0xFFFF_FF00) == Magic
            && chunk >= 0
            && state is ChunkState.Absent or ChunkState.Data or ChunkState.Zero;
    }

    private static uint Checksum(ReadOnlySpan<byte> record)
    {
        uint crc = BitOperations.Crc32C(0xFFFF_FFFF, BinaryPrimitives.ReadUInt64LittleEndian(record));
        crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt32LittleEndian(record[8..]));
        return ~crc;
    }
}
