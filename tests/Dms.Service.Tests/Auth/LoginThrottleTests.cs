using Dms.Service.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Auth;

public sealed class LoginThrottleTests
{
    [Fact]
    public void RetryAfter_AfterMaxFailures_BlocksUserAndAddress_UntilTheWindowPasses()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var throttle = new LoginThrottle(3, TimeSpan.FromMinutes(1), time);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.RetryAfter("alice", "10.0.0.1"));
            throttle.RecordFailure("alice", "10.0.0.1");
        }

        Assert.NotNull(throttle.RetryAfter("alice", "10.0.0.2"));
        Assert.NotNull(throttle.RetryAfter("bob", "10.0.0.1"));
        Assert.Null(throttle.RetryAfter("bob", "10.0.0.2"));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(throttle.RetryAfter("alice", "10.0.0.1"));
    }
}
