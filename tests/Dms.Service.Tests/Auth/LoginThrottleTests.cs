using System.Net;
using Dms.Service.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Dms.Service.Tests.Auth;

public sealed class LoginThrottleTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Operator = IPAddress.Parse("10.0.0.2");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Failures_UpToMax_AreFree_ThenTheAddressWaits1s_DoublingPerFailure_CappedAtTheWindow()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser, 3);

        foreach (var seconds in new[] { 1, 2, 4, 8, 10, 10 })
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), WaitFor(throttle, Guesser));
            _time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromTicks(1));
            Assert.Equal(TimeSpan.FromTicks(1), WaitFor(throttle, Guesser));
            _time.Advance(TimeSpan.FromTicks(1));
            Fail(throttle, Guesser);
        }
    }

    [Fact]
    public void FailuresFromOneAddress_NeverRefuseAnother()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser, 10, waitingInBetween: true);

        Assert.NotNull(WaitFor(throttle, Guesser));
        Assert.Null(WaitFor(throttle, Operator));
    }

    [Fact]
    public void PendingAttempts_CountAsFailures_SoParallelGuessesGetAtMostMaxChecks()
    {
        var throttle = Throttle(maxFailures: 3);
        var admitted = Enumerable.Range(0, 20).Select(_ => throttle.TryBegin(Guesser, out var attempt, out var _) ? attempt : null).ToList();

        Assert.Equal(3, admitted.Count(a => a is not null));
        Assert.Equal(TimeSpan.FromSeconds(1), WaitFor(throttle, Guesser));
    }

    [Fact]
    public void PendingAttemptThatSucceeds_ReleasesItsSlot()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser, 2);
        Assert.True(throttle.TryBegin(Guesser, out var attempt, out _));
        Assert.NotNull(WaitFor(throttle, Guesser));

        attempt.Succeeded();
        attempt.Dispose();

        Assert.Null(WaitFor(throttle, Guesser));
    }

    [Fact]
    public void AttemptEndedWithoutSuccess_IsAFailure()
    {
        var throttle = Throttle(maxFailures: 1);
        Assert.True(throttle.TryBegin(Guesser, out var attempt, out _));
        attempt.Dispose();
        attempt.Dispose();

        Assert.Equal(TimeSpan.FromSeconds(1), WaitFor(throttle, Guesser));
    }

    [Fact]
    public void Success_DoesNotResetTheAddress_SoOneGoodAccountBuysNoExtraGuesses()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser, 3);
        _time.Advance(TimeSpan.FromSeconds(1));
        Succeed(throttle, Guesser);

        Fail(throttle, Guesser);

        Assert.Equal(TimeSpan.FromSeconds(2), WaitFor(throttle, Guesser));
    }

    [Fact]
    public void Failures_AreForgotten_OnlyAfterAQuietWindowFollowingTheWait()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser, 3);
        _time.Advance(TimeSpan.FromSeconds(1) + Window - TimeSpan.FromTicks(1));
        Fail(throttle, Guesser);
        Assert.Equal(TimeSpan.FromSeconds(2), WaitFor(throttle, Guesser));

        _time.Advance(TimeSpan.FromSeconds(2) + Window);
        FailTimes(throttle, Guesser, 2);

        Assert.Null(WaitFor(throttle, Guesser));
    }

    [Fact]
    public void IPv4MappedAddress_IsTheSameClientAsItsIPv4Address()
    {
        var throttle = Throttle(maxFailures: 3);
        FailTimes(throttle, Guesser.MapToIPv6(), 3);

        Assert.NotNull(WaitFor(throttle, Guesser));
    }

    [Fact]
    public void SuccessFromAnAddressWithoutFailures_LeavesNothingBehind()
    {
        var throttle = Throttle(maxFailures: 3);
        Succeed(throttle, Operator);

        Assert.Equal(0, throttle.Count);
    }

    [Fact]
    public void SprayOfAddresses_StaysWithinCapacity()
    {
        var throttle = Throttle(maxFailures: 3, capacity: 100);
        for (var i = 0; i < 10_000; i++)
        {
            Fail(throttle, new IPAddress(0x0A000000u + (uint)i));
        }

        Assert.InRange(throttle.Count, 1, 100);
    }

    [Fact]
    public void Pruning_DropsForgottenAddressesFirst_AndNeverAPendingAttempt()
    {
        var throttle = Throttle(maxFailures: 1, capacity: 10);
        Assert.True(throttle.TryBegin(Guesser, out var pending, out _));
        for (var i = 0; i < 9; i++)
        {
            Fail(throttle, new IPAddress(0x0B000000u + (uint)i));
        }

        _time.Advance(Window + TimeSpan.FromSeconds(1));
        Fail(throttle, Operator);
        Assert.Equal(2, throttle.Count);

        for (var i = 0; i < 100; i++)
        {
            Fail(throttle, new IPAddress(0x0C000000u + (uint)i));
        }

        Assert.NotNull(WaitFor(throttle, Guesser));
        pending.Dispose();
    }

    private LoginThrottle Throttle(int maxFailures, int capacity = LoginThrottle.DefaultCapacity) => new(maxFailures, Window, _time, capacity);

    /// <summary>How long <paramref name="client"/> must wait, or null when it may try now (the probe's slot is released as a success).</summary>
    private static TimeSpan? WaitFor(LoginThrottle throttle, IPAddress client)
    {
        if (!throttle.TryBegin(client, out var attempt, out var wait))
        {
            return wait;
        }

        attempt.Succeeded();
        attempt.Dispose();
        return null;
    }

    private static void Succeed(LoginThrottle throttle, IPAddress client) => Assert.Null(WaitFor(throttle, client));

    private static void Fail(LoginThrottle throttle, IPAddress client)
    {
        Assert.True(throttle.TryBegin(client, out var attempt, out var wait), $"refused for {wait}");
        attempt.Dispose();
    }

    private void FailTimes(LoginThrottle throttle, IPAddress client, int times, bool waitingInBetween = false)
    {
        for (var i = 0; i < times; i++)
        {
            if (waitingInBetween && WaitFor(throttle, client) is { } wait)
            {
                _time.Advance(wait);
            }

            Fail(throttle, client);
        }
    }
}
