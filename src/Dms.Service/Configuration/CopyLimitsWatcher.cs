using Dms.Cloning.Throttling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Configuration;

/// <summary>
/// Re-reads the copy bandwidth limits when dms.yaml changes, so an operator can slow down or
/// speed up copies that are already running (issue: "changes apply to running copies"). A file
/// that does not load leaves the limits as they were and says why.
/// </summary>
internal sealed class CopyLimitsWatcher(ConfigDir configDir, CopyThrottles throttles, ILogger<CopyLimitsWatcher> logger) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var file = Path.GetFileName(configDir.SettingsFile);
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        _watcher = new FileSystemWatcher(configDir.Path, file) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        // Editors and atomic writers replace the file (rename) as often as they rewrite it.
        _watcher.Changed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Created += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.Renamed += (_, _) => _debounce.Change(200, Timeout.Infinite);
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
        _watcher = null;
        _debounce = null;
    }

    /// <summary>Applies the limits dms.yaml gives now (also on SIGHUP, see <see cref="HangupReloader"/>).</summary>
    public void Reload()
    {
        try
        {
            var settings = SettingsLoader.Load(configDir.Path, SettingsLoader.ProcessEnvironment(), new Dictionary<string, string>());
            throttles.Apply(settings.CopyMaxBandwidth, settings.CopyWorkflowBandwidth);
            logger.LogInformation("copy bandwidth limits reloaded from {File}: instance {Max}, per workflow {PerWorkflow} (bytes/s, 0 = unlimited)",
                configDir.SettingsFile, settings.CopyMaxBandwidth, settings.CopyWorkflowBandwidth);
        }
        catch (ConfigException e)
        {
            logger.LogWarning("{File} changed but does not load ({Error}); copy limits unchanged", configDir.SettingsFile, e.Message);
        }
    }
}
