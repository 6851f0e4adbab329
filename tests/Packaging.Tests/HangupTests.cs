using System.Net;
using System.Net.Http.Json;
using Common.Testing;
using Common.Tls;
using Dms.Testing;

namespace Packaging.Tests;

/// <summary>`systemctl reload dms` (ExecReload sends SIGHUP) re-reads .htpasswd without a restart.</summary>
[Collection(PackagesGroup.Name)]
public sealed class HangupTests(PackagesFixture packages)
{
    [SkippableFact]
    public async Task Sighup_UserAddedWithTheFilesOldTimeAndSize_LogsInWithoutARestart()
    {
        packages.SkipIfNotBuilt();
        using var root = await InstalledRoot.ExtractAsync(packages.Deb("dms"));
        await root.InitAsync();
        // The failed logins below must not make the throttle slow the ones that follow.
        await using var dms = await root.ServeAsync(new Dictionary<string, string> { ["DMS_LOGIN_MAX_FAILURES"] = "1000" });
        using var http = new HttpClient(TlsOptions.PinnedTo(root.TlsCertPath).CreateHandler())
        {
            BaseAddress = new Uri(dms.Startup.GetProperty("listen").GetString()!),
        };
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(http, DmsProcess.User));

        // A file restored from a backup (cp -p, rsync -t) can keep the old time and size; only SIGHUP makes dms read it then.
        var modified = File.GetLastWriteTimeUtc(root.HtpasswdPath);
        var entry = await File.ReadAllTextAsync(root.HtpasswdPath);
        await File.WriteAllTextAsync(root.HtpasswdPath, entry.Replace($"{DmsProcess.User}:", "alice:", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(root.HtpasswdPath, modified);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(http, "alice"));

        await dms.SendSignalAsync("HUP");

        await Poll.UntilAsync(() => LoginAsync(http, "alice"), status => status == HttpStatusCode.OK, "alice can log in after SIGHUP");
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(http, DmsProcess.User));
    }

    private static async Task<HttpStatusCode> LoginAsync(HttpClient http, string user)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/login", new { username = user, password = DmsProcess.Password });
        return response.StatusCode;
    }
}
