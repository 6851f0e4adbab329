using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Lightbits.Emulator.Testing;

namespace Dms.Testing;

/// <summary>
/// One of our long-running programs (a dll next to the tests, or a published executable) as a
/// child process that announces itself with one JSON line on stdout, as lbemu serve and dms serve do.
/// </summary>
public sealed class RunningProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private RunningProcess(Process process, JsonElement startup)
    {
        _process = process;
        Startup = startup;
    }

    /// <summary>The start-up line.</summary>
    public JsonElement Startup { get; }

    public int Pid => _process.Id;

    /// <summary>Every line the child writes after its start-up line, on stdout or stderr (dms logs one JSON object per line on stderr).</summary>
    public event Action<string>? Line;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static async Task<RunningProcess> StartAsync(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Process.Start(ChildProcess.StartInfo(program, args, environment))!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }

        if (line is null || !line.StartsWith('{'))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"{program} did not start: {line}\n{stderr}");
        }

        var running = new RunningProcess(process, JsonDocument.Parse(line).RootElement.Clone());
        running._stderr.Append(stderr);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (running._stderr)
            {
                running._stderr.AppendLine(e.Data);
            }

            if (e.Data is not null)
            {
                running.Line?.Invoke(e.Data);
            }
        };

        // Keep draining stdout so the child never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } more)
            {
                running.Line?.Invoke(more);
            }
        });
        return running;
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>Sends a POSIX signal (TERM for a clean stop, KILL for a crash) and waits for the exit.</summary>
    public async Task SignalAsync(string signal, TimeSpan? timeout = null)
    {
        await SendSignalAsync(signal);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>Sends a POSIX signal (e.g. HUP) and returns at once.</summary>
    public async Task SendSignalAsync(string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {_process.Id}")!;
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
