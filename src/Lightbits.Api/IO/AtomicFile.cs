using System.Text;

namespace Lightbits.Api.IO;

/// <summary>
/// Writes a file so that readers see either the old or the new content, never half of it:
/// temp file in the same directory, fsync, rename. Secrets get mode 0600 from the start, so
/// they are never readable by others even for a moment.
/// </summary>
public static class AtomicFile
{
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
    }
}
