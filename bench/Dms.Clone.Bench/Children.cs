using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Dms.Clone.Bench;

/// <summary>
/// One of our programs (dms.dll, lbemu.dll next to the bench) as a real child process that
/// announces itself with one JSON line on stdout; its output is drained so it never blocks.
/// </summary>
internal sealed class Child : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private Child(Process process, string name, JsonElement startup)
    {
        _process = process;
        Name = name;
        Startup = startup;
    }

    public string Name { get; }

    public JsonElement Startup { get; }

    public int Pid => _process.Id;

    /// <summary>The last lines the child wrote (stdout after the start-up line, and stderr), for error messages.</summary>
    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join('\n', _tail);
            }
        }
    }

    public static ProcessStartInfo Info(string program, IEnumerable<string> args)
    {
        var dotnet = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program + ".dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    /// <summary>Runs a command to completion (e.g. `dms init`).</summary>
    public static async Task RunAsync(string program, IEnumerable<string> args, string? stdin = null)
    {
        using var process = Process.Start(Info(program, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await stdout}{await stderr}");
        }
    }

    public static async Task<Child> StartAsync(string name, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Info(program, args);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info)!;
        process.StandardInput.Close();
        var early = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (early)
            {
                early.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            line = null;
        }
        if (line is null || !line.StartsWith('{'))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new InvalidOperationException($"{name} did not start: {line}\n{early}");
        }
        var child = new Child(process, name, JsonDocument.Parse(line).RootElement.Clone());
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } more)
            {
                child.Keep(more);
            }
        });
        return child;
    }

    /// <summary>Every line the child writes after its start-up line (dms logs one JSON object per line on stderr).</summary>
    public event Action<string>? Line;

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        Line?.Invoke(line);
        lock (_tail)
        {
            _tail.Enqueue(line);
            while (_tail.Count > 40)
            {
                _tail.Dequeue();
            }
        }
    }

    /// <summary>SIGTERM (a clean stop, as an operator's service manager does), then a kill after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }
}
