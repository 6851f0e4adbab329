namespace Lightbits.Emulator.Storage;

/// <summary>Checks of block I/O arguments shared by volumes and snapshots.</summary>
internal static class IoArguments
{
    public static void Validate(long offset, long length, int sectorSize, long sizeBytes, string lengthParameter)
    {
        if (offset % sectorSize != 0)
        {
            throw new ArgumentException($"Offset {offset} is not a multiple of the sector size {sectorSize}.", nameof(offset));
        }

        if (length % sectorSize != 0)
        {
            throw new ArgumentException($"Length {length} is not a multiple of the sector size {sectorSize}.", lengthParameter);
        }

        if (offset < 0 || length < 0 || offset > sizeBytes - length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, {offset}+{length}) is not inside the volume of {sizeBytes} bytes.");
        }
    }
}
