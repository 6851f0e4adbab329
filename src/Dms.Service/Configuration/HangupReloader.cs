using System.Runtime.InteropServices;
using Dms.Service.Auth;
using Dms.Service.Clusters;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dms.Service.Configuration;

/// <summary>
/// SIGHUP (`systemctl reload dms`): re-reads .htpasswd, the session key, the next cluster key and
/// the copy bandwidth limits of dms.yaml at once, signs with the cluster key the store records if
/// another instance promoted it (<see cref="ClusterKeyRotation.FollowStoreAsync"/>), and names the dms.yaml settings that changed but only apply after a restart (listen,
/// store, keys of the engine…: they are wired into objects built at start). Without this handler
/// SIGHUP would end the process.
/// </summary>
internal sealed class HangupReloader(DmsSettings running, HtpasswdFile users, SessionTokens sessions, ClusterKeyRotation clusterKeys, CopyLimitsWatcher copyLimits,
    ILogger<HangupReloader> logger)
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
            _ = Task.Run(ReloadAsync, CancellationToken.None);
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

    /// <summary>What SIGHUP does (internal: tests of an in-process dms call it as the signal would).</summary>
    internal async Task ReloadAsync()
    {
        logger.LogInformation("SIGHUP: reloading {Htpasswd}, {SessionKey}, the cluster keys and {Settings}",
            running.ConfigDir.HtpasswdFile, running.ConfigDir.SessionKeyFile, running.ConfigDir.SettingsFile);
        users.Reload();
        ReloadSessionKey();
        try
        {
            await clusterKeys.FollowStoreAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is ConfigException or System.Data.Common.DbException or IOException)
        {
            logger.LogError("SIGHUP: the cluster keys were not reloaded: {Error}", e.Message);
        }

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

    private void ReloadSessionKey()
    {
        try
        {
            if (sessions.Use(SessionKey.Load(running.ConfigDir)))
            {
                logger.LogWarning("SIGHUP: new session key in {SessionKey}: every session token signed before is refused; users log in again",
                    running.ConfigDir.SessionKeyFile);
            }
        }
        catch (ConfigException e)
        {
            logger.LogError("SIGHUP: keeping the session key in use: {Error}", e.Message);
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
