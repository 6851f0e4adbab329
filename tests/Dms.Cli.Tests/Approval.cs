using System.Runtime.CompilerServices;

namespace Dms.Cli.Tests;

/// <summary>
/// Approval files, as System.CommandLine pins its help: a changed output is a reviewed change. On a
/// difference the test writes *.received.txt next to the approved file, to be reviewed and renamed.
/// </summary>
internal static class Approval
{
    public static void Verify(string name, string actual, [CallerFilePath] string source = "")
    {
        var approved = Path.Combine(Path.GetDirectoryName(source)!, "Approvals", name + ".approved.txt");
        var received = Path.ChangeExtension(approved, null).Replace(".approved", ".received", StringComparison.Ordinal) + ".txt";
        if (File.Exists(approved) && File.ReadAllText(approved) == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"output differs from {approved}; review {received} and rename it to approve");
    }
}
