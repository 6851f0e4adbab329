using System.Runtime.InteropServices;
using Dms.Service.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Configuration;

/// <summary>
/// SIGHUP (`systemctl reload dms`): re-reads .htpasswd and the copy bandwidth limits of dms.yaml
/// at once, and names the dms.yaml settings that changed but only apply after a restart (listen,
/// store, keys of the engine…: they are wired into objects built at start). Without this handler
/// SIGHUP would end the process.
/// </summary>
internal sealed class HangupReloader(DmsSettings running, HtpasswdFile users, CopyLimitsWatcher copyLimits, ILogger<HangupReloader> logger)
    : IHostedService, IDisposable
{
    /// <summary>Settings applied while running; every other one is read once at start.</summary>
    private static readonly string[] LiveSettings = [nameof(DmsSettings.CopyMaxBandwidth), nameof(DmsSettings.CopyWorkflowBandwidth)];

    private PosixSignalRegistration? _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            // Off the signal thread: reading files and hashing must not hold up other signals.
            _ = Task.Run(Reload, CancellationToken.None);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    private void Reload()
    {
        logger.LogInformation("SIGHUP: reloading {Htpasswd} and {Settings}", running.ConfigDir.HtpasswdFile, running.ConfigDir.SettingsFile);
        users.Reload();
        copyLimits.Reload();
        DmsSettings reloaded;
        try
        {
            reloaded = SettingsLoader.Reload(running);
        }
        catch (ConfigException)
        {
            return; // the copy limits' reload has logged why the file does not load
        }

        var changed = RestartOnlySettingsChanged(running, reloaded);
        if (changed.Count > 0)
        {
            logger.LogWarning("SIGHUP: {Settings} changed {Keys}, which apply only after a restart (systemctl restart dms)",
                running.ConfigDir.SettingsFile, string.Join(", ", changed));
        }
    }

    /// <summary>The dms.yaml keys (camelCase, as written there) whose values differ and are not applied live.</summary>
    internal static IReadOnlyList<string> RestartOnlySettingsChanged(DmsSettings running, DmsSettings reloaded) =>
        typeof(DmsSettings).GetProperties()
            .Where(p => SettingsLoader.KeyNames.Contains(KeyName(p.Name)) && !LiveSettings.Contains(p.Name))
            .Where(p => !Equals(p.GetValue(running), p.GetValue(reloaded)))
            .Select(p => KeyName(p.Name))
            .ToList();

    private static string KeyName(string propertyName) => char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
