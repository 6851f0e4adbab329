using System.Runtime.CompilerServices;

namespace Dms.Cli.Tests;

/// <summary>
/// Text pinned by approval files (as System.CommandLine pins its help): a changed text is a
/// reviewed change. On a difference the test writes *.received.txt next to the approved file.
/// </summary>
internal static class Approval
{
    public static void Verify(string name, string actual, [CallerFilePath] string source = "")
    {
        var approved = Path.Combine(Path.GetDirectoryName(source)!, "Approvals", name + ".approved.txt");
        var received = Path.Combine(Path.GetDirectoryName(source)!, "Approvals", name + ".received.txt");
        if (File.Exists(approved) && File.ReadAllText(approved) == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"text differs from {approved}; review {received} and rename it to approve");
    }
}
