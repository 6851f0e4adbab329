using System.Net;
using Dms.Service.Configuration;
using Dms.Service.Tests.TestSupport;

namespace Dms.Service.Tests.Auth;

/// <summary>docs/operations.md "Rotate the session key": after the reload every earlier session token is refused; logging in works.</summary>
public sealed class SessionKeyRotationTests
{
    [Fact]
    public async Task RotateThenSighup_RefusesTheOldToken_AndANewLoginWorks()
    {
        await using var dms = await DmsTestHost.StartAsync();
        var oldToken = await dms.LoginAsync();
        var before = await File.ReadAllTextAsync(dms.ConfigDir.SessionKeyFile);

        KeyCommands.RotateSessionKey(dms.ConfigDir);
        Assert.NotEqual(before, await File.ReadAllTextAsync(dms.ConfigDir.SessionKeyFile));
        // Until the reload the running key is the old one: rotating the file alone changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await dms.Http(oldToken).GetAsync("/api/v1/clusters")).StatusCode);

        await dms.Get<HangupReloader>().ReloadAsync();

        var refused = await Json.AssertErrorAsync(await dms.Http(oldToken).GetAsync("/api/v1/clusters"), HttpStatusCode.Unauthorized, 16);
        Assert.Contains("badly signed", refused, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await dms.Http(await dms.LoginAsync()).GetAsync("/api/v1/clusters")).StatusCode);
    }

    [Fact]
    public async Task ABrokenSessionKeyFile_IsNotPutInUse_AndTokensKeepWorking()
    {
        await using var dms = await DmsTestHost.StartAsync();
        var token = await dms.LoginAsync();
        await File.WriteAllTextAsync(dms.ConfigDir.SessionKeyFile, "not base64\n");

        await dms.Get<HangupReloader>().ReloadAsync();

        Assert.Equal(HttpStatusCode.OK, (await dms.Http(token).GetAsync("/api/v1/clusters")).StatusCode);
    }
}
