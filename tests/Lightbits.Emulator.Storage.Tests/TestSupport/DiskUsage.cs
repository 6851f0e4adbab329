using System.Diagnostics;
using System.Globalization;

namespace Lightbits.Emulator.Storage.Tests.TestSupport;

/// <summary>Bytes a directory really occupies (allocated blocks, not file lengths, which lie for sparse files), via du.</summary>
internal static class DiskUsage
{
    public static long Of(string path)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "du reads allocated blocks of sparse files");
        var info = new ProcessStartInfo("du", ["-s", "-B1", path]) { RedirectStandardOutput = true };
        using var du = Process.Start(info)!;
        string output = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return long.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }
}
