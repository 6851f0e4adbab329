using System.Runtime.InteropServices;
using System.Text;

namespace Common.IO;

/// <summary>
/// Writes a file so that readers see either the old or the new content, never half of it:
/// temp file in the same directory, fsync, rename, fsync of the directory (without it the rename
/// itself may be lost in a crash, leaving the old file — or none — after a reported success).
/// Secrets get mode 0600 from the start, so they are never readable by others even for a moment.
/// </summary>
public static partial class AtomicFile
{
    private const int ReadOnly = 0; // O_RDONLY: enough to fsync a directory, and the same on every Linux architecture (O_DIRECTORY is not)

    public static void WriteAllText(string path, string content, bool secret = false) =>
        WriteAllBytes(path, Encoding.UTF8.GetBytes(content), secret);

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, bool secret = false)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }
        try
        {
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        FlushDirectory(directory);
    }

    /// <summary>fsync(2) of a directory, so the entries renamed into it survive a crash. Linux only; elsewhere a no-op.</summary>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    internal static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
