using Common.IO;

namespace Common.Tests.IO;

public sealed class AtomicFileTests
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atomic-").FullName;

    [Fact]
    public void WriteAllText_ReplacesTheFile_LeavesNoTempFile_AndSecretsAre0600()
    {
        var path = Path.Combine(_dir, "settings.yaml");
        AtomicFile.WriteAllText(path, "old\n");
        AtomicFile.WriteAllText(path, "new\n", secret: true);

        Assert.Equal("new\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void FlushDirectory_FlushesARealDirectory_AndSaysWhichOneItCouldNotOpen()
    {
        AtomicFile.FlushDirectory(_dir);

        var missing = Path.Combine(_dir, "gone");
        var error = Assert.Throws<IOException>(() => AtomicFile.FlushDirectory(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", error.Message, StringComparison.Ordinal); // ENOENT: the call reached the kernel
    }
}
