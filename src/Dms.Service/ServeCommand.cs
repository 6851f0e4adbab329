using System.Net.Sockets;
using System.Text.Json;
using Dms.Service.Configuration;
using Microsoft.AspNetCore.Builder;

namespace Dms.Service;

/// <summary>`dms serve`: load, listen, print one start-up JSON line on stdout (and tell systemd it is ready), run until SIGTERM/SIGINT.</summary>
internal static class ServeCommand
{
    public static async Task<int> RunAsync(string configDir, IReadOnlyDictionary<string, string> flags, CancellationToken ct)
    {
        DmsRuntime runtime;
        try
        {
            var settings = SettingsLoader.Load(configDir, SettingsLoader.ProcessEnvironment(), flags);
            runtime = await DmsRuntime.LoadAsync(settings, TimeProvider.System, ct);
        }
        catch (ConfigException e)
        {
            await Console.Error.WriteLineAsync($"dms: {e.Message}");
            return 1;
        }

        await using (runtime)
        {
            await using var app = DmsApp.Build(runtime);
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException e) when (e.InnerException is SocketException or null || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync($"dms: cannot listen on {runtime.Settings.Listen}: {e.Message}");
                return 1;
            }

            var line = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["listen"] = DmsApp.BoundAddress(app),
                ["pubKeyId"] = runtime.ClusterKeys.Current.PubKeyId,
                ["hostNqn"] = runtime.HostNqn.Value,
                ["store"] = runtime.Stores.Description,
                ["pid"] = Environment.ProcessId,
            });
            await Console.Out.WriteLineAsync(line);
            await Console.Out.FlushAsync(ct);
            SystemdNotify.Send("READY=1");
            using var stopping = app.Lifetime.ApplicationStopping.Register(() => SystemdNotify.Send("STOPPING=1"));
            await app.WaitForShutdownAsync(ct);
        }

        return 0;
    }
}
