using System.Text;
using Dms.Service.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Auth;

public sealed class SessionTokensTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly Dictionary<string, string> _entries = new(StringComparer.Ordinal) { ["alice"] = "$2y$10$first-hash", ["bob"] = "$2y$10$bob-hash" };
    private readonly SessionKey _key = SessionKey.New();
    private readonly SessionTokens _tokens;

    public SessionTokensTests() => _tokens = new SessionTokens(_key, Entry, _time, TimeSpan.FromDays(30));

    private string? Entry(string user) => _entries.GetValueOrDefault(user);

    [Fact]
    public void Validate_FreshToken_ReturnsUser_UntilItExpires()
    {
        var token = _tokens.Issue("alice");
        Assert.Equal("alice", _tokens.Validate(token).User);

        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        Assert.Equal("alice", _tokens.Validate(token).User);

        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = _tokens.Validate(token);
        Assert.Null(expired.User);
        Assert.Contains("expired at", expired.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TamperedClaims_OrOtherKey_OrAlgNone_IsRejected()
    {
        var token = _tokens.Issue("alice");
        var parts = token.Split('.');
        var claims = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace("alice", "bob", StringComparison.Ordinal);
        var forged = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + "." + parts[2];
        var none = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"none","typ":"JWT"}"""u8) + "." + parts[1] + ".";

        Assert.Null(_tokens.Validate(forged).User);
        Assert.Null(_tokens.Validate(none).User);
        Assert.Null(new SessionTokens(SessionKey.New(), Entry, _time, TimeSpan.FromDays(1)).Validate(token).User);
        Assert.Null(_tokens.Validate("not-a-jwt").User);
        Assert.Null(_tokens.Validate(token + "x").User);
    }

    [Fact]
    public void Validate_AfterPasswordChange_IsRevoked_AndANewLoginWorks()
    {
        var before = _tokens.Issue("alice");
        var other = _tokens.Issue("bob");

        _entries["alice"] = "$2y$10$second-hash";

        var check = _tokens.Validate(before);
        Assert.Null(check.User);
        Assert.Contains("revoked", check.Refusal, StringComparison.Ordinal);
        Assert.Equal("bob", _tokens.Validate(other).User);
        Assert.Equal("alice", _tokens.Validate(_tokens.Issue("alice")).User);
    }

    [Fact]
    public void Validate_AfterUserRemoved_IsRevoked_EvenIfReAddedWithAnotherPassword()
    {
        var token = _tokens.Issue("alice");

        _entries.Remove("alice");
        Assert.Null(_tokens.Validate(token).User);

        _entries["alice"] = "$2y$10$new-user-same-name";
        Assert.Null(_tokens.Validate(token).User);
    }

    [Fact]
    public void Validate_TokenIssuedWhileTheUserDidNotExist_IsRejectedOnceTheUserExists()
    {
        // Signed with the right key, but stamped for "no such user": creating the user later must not bring it to life.
        var unstamped = new SessionTokens(_key, _ => null, _time, TimeSpan.FromDays(1)).Issue("ghost");
        _entries["ghost"] = "$2y$10$ghost";

        Assert.Null(_tokens.Validate(unstamped).User);
    }
}
