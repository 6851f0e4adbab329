namespace Lightbits.Emulator.Hosting;

/// <summary>
/// One server of the emulated cluster: its API app (rebuilt on every start, since an ASP.NET
/// app cannot be restarted) plus whatever data-plane listeners are attached to it.
/// </summary>
internal sealed class EmulatedServer(string name, Func<WebApplication> buildApi, IReadOnlyList<IServerComponent> components) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private WebApplication? _api;

    public string Name { get; } = name;

    // Cleared before the listeners close, so nobody sees "refused" while this still says running.
    private volatile bool _running;

    public bool IsRunning => _running;

    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_api is not null)
            {
                return;
            }
            var api = buildApi();
            try
            {
                await api.StartAsync();
                foreach (var component in components)
                {
                    await component.StartAsync();
                }
            }
            catch
            {
                // Nothing of a server that failed to start may keep listening: a retry on other
                // ports, or the process exiting, must not find half a server still bound.
                foreach (var component in components)
                {
                    await component.StopAsync();
                }
                await api.DisposeAsync();
                throw;
            }
            _api = api;
            _running = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void DropConnections()
    {
        foreach (var component in components)
        {
            component.DropConnections();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _gate.Dispose();
    }

    public async Task StopAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_api is null)
            {
                return;
            }
            _running = false;
            foreach (var component in components)
            {
                await component.StopAsync();
            }
            await _api.StopAsync(TimeSpan.FromSeconds(2));
            await _api.DisposeAsync();
            _api = null;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A listener that lives and dies with its server (the NVMe/TCP endpoints).</summary>
internal interface IServerComponent
{
    Task StartAsync();
    Task StopAsync();

    /// <summary>Cuts the open connections but keeps listening.</summary>
    void DropConnections();
}
