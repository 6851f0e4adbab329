using System.Net;
using Dms.Service.Tests.TestSupport;
using Dms.Testing;
using Lightbits.Emulator.Testing;

namespace Dms.Service.Tests.Security;

/// <summary>DESIGN §8 revocation, as an operator does it: `dms passwd` against a running `dms` process.</summary>
public sealed class SessionRevocationTests : IAsyncLifetime
{
    private DmsProcess _dms = null!;

    public async Task InitializeAsync() => _dms = await DmsProcess.StartAsync(Directory.CreateTempSubdirectory("dms-revoke-").FullName);

    public async Task DisposeAsync() => await _dms.DisposeAsync();

    [Fact]
    public async Task DmsPasswd_RevokesEveryTokenOfThatUser_OnTheNextRequest()
    {
        using var first = await _dms.LoginAsync();
        using var second = await _dms.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/clusters")).StatusCode);

        var passwd = await ChildProcess.RunAsync("dms", ["passwd", DmsProcess.User, "--config-dir", _dms.ConfigDir, "--password-stdin"], stdin: "a-new-password\n");
        Assert.True(passwd.ExitCode == 0, passwd.Stderr);

        foreach (var http in new[] { first, second })
        {
            using var response = await http.GetAsync("/api/v1/clusters");
            Assert.Contains("revoked", await Json.AssertErrorAsync(response, HttpStatusCode.Unauthorized, 16), StringComparison.Ordinal);
        }
    }
}
