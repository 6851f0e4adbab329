using System.Diagnostics;
using Dms.Service.Auth;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Tests.Auth;

/// <summary>htpasswd files as Apache's own `htpasswd` writes them (spec §4).</summary>
public sealed class HtpasswdFileTests
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("dms-htpasswd-").FullName, ".htpasswd");

    [SkippableTheory]
    [InlineData("-B", "bcrypt")]
    [InlineData("-m", "apr1")]
    [InlineData("-s", "sha")]
    public void Verify_EntryWrittenByApacheHtpasswd_AcceptsRightPasswordOnly(string flag, string format)
    {
        Htpasswd("-c", flag, _path, "alice", "s3cret-" + format);
        var file = new HtpasswdFile(_path, new ListLogger<HtpasswdFile>());

        Assert.True(file.Verify("alice", "s3cret-" + format));
        Assert.False(file.Verify("alice", "wrong"));
        Assert.False(file.Verify("bob", "s3cret-" + format));
    }

    [SkippableTheory]
    [InlineData("-p", "plain-text")]
    [InlineData("-d", "DES crypt")]
    public void Load_PlainOrDesEntry_IsRefusedWithAWarningNamingTheUser(string flag, string kind)
    {
        Htpasswd("-c", flag, _path, "mallory", "pw");
        var logger = new ListLogger<HtpasswdFile>();
        var file = new HtpasswdFile(_path, logger);

        Assert.False(file.Verify("mallory", "pw"));
        Assert.Contains(logger.Lines, l => l.Contains("mallory", StringComparison.Ordinal) && l.Contains(kind, StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Verify_AfterTheFileChanges_SeesTheNewPasswordWithoutRestart()
    {
        Htpasswd("-c", "-B", _path, "alice", "first");
        var file = new HtpasswdFile(_path, new ListLogger<HtpasswdFile>());
        Assert.True(file.Verify("alice", "first"));

        Htpasswd("-m", _path, "alice", "second-password");
        File.SetLastWriteTimeUtc(_path, DateTime.UtcNow.AddSeconds(5));

        Assert.True(file.Verify("alice", "second-password"));
        Assert.False(file.Verify("alice", "first"));
    }

    [Fact]
    public void SetPassword_DmsPasswd_WritesBcryptThatVerifies_AndKeepsOtherUsers()
    {
        File.WriteAllText(_path, "bob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        HtpasswdWriter.SetPassword(_path, "alice", "pw1");
        HtpasswdWriter.SetPassword(_path, "alice", "pw2");
        var file = new HtpasswdFile(_path, new ListLogger<HtpasswdFile>());

        Assert.True(file.Verify("alice", "pw2"));
        Assert.True(file.Verify("bob", "password"));
        Assert.StartsWith("alice:$2", File.ReadAllLines(_path)[1], StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    [Fact]
    public void Apr1_KnownVector_MatchesApache()
    {
        // `openssl passwd -apr1 -salt r31..... password`, an implementation independent of Apache's.
        Assert.Equal("$apr1$r31.....$ARC3pREO82RIm0aQ2zszC0", Apr1Md5.Hash("password", "$apr1$r31.....$"));
    }

    private static void Htpasswd(params string[] args)
    {
        Skip.IfNot(File.Exists("/usr/bin/htpasswd"), "Apache's htpasswd is not installed (apt-get install apache2-utils; scripts/install-test-tools.sh does it in CI)");
        var info = new ProcessStartInfo("htpasswd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args.Take(args.Length - 1))
        {
            info.ArgumentList.Add(arg);
        }

        info.ArgumentList.Insert(0, "-b");
        info.ArgumentList.Add(args[^1]);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}

internal sealed class ListLogger<T> : ILogger<T>
{
    public List<string> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Lines)
        {
            Lines.Add(formatter(state, exception));
        }
    }
}
