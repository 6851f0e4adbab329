using System.Diagnostics;

namespace Lightbits.Emulator.Testing;

/// <summary>Runs one of our programs (a dll next to the tests, or a published executable) as a real child process.</summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string? stdin = null,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = StartInfo(program, args, environment);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// <paramref name="program"/> is a name (dms, lbemu…: its dll next to the tests, run by dotnet) or
    /// an absolute path to an executable (a packaged build, tests/Packaging.Tests).
    /// </summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(Path.IsPathRooted(program) ? program : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (!Path.IsPathRooted(program))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program + ".dll"));
        }
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        return info;
    }
}
