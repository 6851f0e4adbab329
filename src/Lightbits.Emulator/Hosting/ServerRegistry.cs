using System.Collections.Concurrent;

namespace Lightbits.Emulator.Hosting;

/// <summary>
/// The emulated servers and whether each is up. Stopping one closes its listeners, so clients
/// see connection refused — what a dead server looks like from outside.
/// </summary>
public sealed class ServerRegistry
{
    private readonly ConcurrentDictionary<string, EmulatedServer> _servers = new(StringComparer.Ordinal);

    internal void Add(EmulatedServer server) => _servers[server.Name] = server;

    internal IEnumerable<EmulatedServer> All => _servers.Values;

    public bool IsRunning(string name) => _servers.TryGetValue(name, out var server) && server.IsRunning;

    public bool AllRunning => _servers.Values.All(s => s.IsRunning);

    public int StoppedCount => _servers.Values.Count(s => !s.IsRunning);

    public bool Exists(string name) => _servers.ContainsKey(name);

    public Task StopAsync(string name) => _servers[name].StopAsync();

    public Task StartAsync(string name) => _servers[name].StartAsync();

    public void DropConnections(string name) => _servers[name].DropConnections();
}
