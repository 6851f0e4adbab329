using System.Text;
using Dms.Service.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Auth;

public sealed class SessionTokensTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly SessionTokens _tokens;

    public SessionTokensTests() => _tokens = new SessionTokens(SessionKey.New(), _time, TimeSpan.FromDays(30));

    [Fact]
    public void Validate_FreshToken_ReturnsUser_UntilItExpires()
    {
        var token = _tokens.Issue("alice");
        Assert.Equal("alice", _tokens.Validate(token));

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", _tokens.Validate(token));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(_tokens.Validate(token));
    }

    [Fact]
    public void Validate_TamperedClaims_OrOtherKey_OrAlgNone_IsRejected()
    {
        var token = _tokens.Issue("alice");
        var parts = token.Split('.');
        var claims = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("alice", "admin", StringComparison.Ordinal);
        var forged = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + "." + parts[2];
        var none = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + parts[1] + ".";

        Assert.Null(_tokens.Validate(forged));
        Assert.Null(_tokens.Validate(none));
        Assert.Null(new SessionTokens(SessionKey.New(), _time, TimeSpan.FromDays(1)).Validate(token));
        Assert.Null(_tokens.Validate("not-a-jwt"));
        Assert.Null(_tokens.Validate(token + "x"));
    }
}
