using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Dms.Service.Auth;

/// <summary>
/// Failed-login limits per client address, with growing delays (DESIGN §8). With M =
/// <c>loginMaxFailures</c> and W = <c>loginFailureWindow</c>:
/// <list type="bullet">
/// <item>an address's first M − 1 failures cost nothing; after its n-th failure (n ≥ M) it must
/// wait min(1 s × 2^(n − M), W) before the next attempt: 1 s, 2 s, 4 s … capped at W, so a
/// persistent guesser gets one try per W;</item>
/// <item>its failures are forgotten once it has stayed quiet for W after its last failure (or
/// after the end of that failure's wait), so slow guessing still adds up;</item>
/// <item>an attempt reserves its slot before the password is checked and counts as a failure
/// until it is known to have succeeded: N parallel guesses get at most M checks, and beyond M an
/// address has one attempt in flight at a time;</item>
/// <item>a success releases only its own slot: it does not reset the address, or one valid
/// account would buy unlimited guesses at another.</item>
/// </list>
/// There is deliberately no count per user name: anyone could then keep the admin locked out
/// by failing as "admin" from anywhere. A guesser spread over many addresses is slowed by the
/// password hash's cost and each address's own delays, not by refusing the rightful user.
/// </summary>
internal sealed class LoginThrottle(int maxFailures, TimeSpan window, TimeProvider time, int capacity = LoginThrottle.DefaultCapacity)
{
    /// <summary>Addresses remembered at most: ~200 bytes each (key, entry, record), so ~20 MB under a spray of addresses.</summary>
    public const int DefaultCapacity = 100_000;

    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, ClientFailures> _clients = new(StringComparer.Ordinal);

    /// <summary>Addresses currently remembered (for tests of the memory bound).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>
    /// Reserves a login attempt for <paramref name="client"/>, or says how long it must wait.
    /// Dispose the attempt when done: unless <see cref="LoginAttempt.Succeeded"/> was called, it is a failure.
    /// </summary>
    public bool TryBegin(IPAddress? client, [NotNullWhen(true)] out LoginAttempt? attempt, out TimeSpan retryAfter)
    {
        var key = KeyOf(client);
        var now = time.GetUtcNow();
        // One lock for the whole table: a login costs a password hash (tens of ms), so holding it
        // for a dictionary step never queues anyone, and check-and-reserve is trivially atomic.
        lock (_gate)
        {
            if (!_clients.TryGetValue(key, out var failures) || failures.ForgottenBy(now, window))
            {
                MakeRoom(now);
                failures = _clients[key] = new ClientFailures();
            }

            if (failures.Confirmed + failures.Pending >= maxFailures && (failures.Pending > 0 || now < failures.BlockedUntil))
            {
                // While attempts are pending their outcome is unknown: quote the wait as if they fail.
                var projected = failures.Pending > 0 ? Max(failures.BlockedUntil, now + Delay(failures.Confirmed + failures.Pending)) : failures.BlockedUntil;
                attempt = null;
                retryAfter = projected - now;
                return false;
            }

            failures.Pending++;
            attempt = new LoginAttempt(this, key);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    internal void End(string key, bool succeeded)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var failures = _clients[key];
            failures.Pending--;
            if (succeeded)
            {
                if (failures.Confirmed == 0 && failures.Pending == 0)
                {
                    _clients.Remove(key);
                }

                return;
            }

            failures.Confirmed++;
            failures.LastFailure = now;
            if (failures.Confirmed >= maxFailures)
            {
                failures.BlockedUntil = now + Delay(failures.Confirmed);
            }
        }
    }

    /// <summary>The wait after the n-th failure: none before M, then 1 s doubling per failure, at most W.</summary>
    private TimeSpan Delay(int failures)
    {
        var doublings = failures - maxFailures;
        if (doublings < 0)
        {
            return TimeSpan.Zero;
        }

        // 2^30 s is decades: any window is reached long before the shift could overflow.
        var delay = FirstDelay * (1L << Math.Min(doublings, 30));
        return delay < window ? delay : window;
    }

    /// <summary>
    /// Bounds memory under a spray of addresses: first drop what is forgotten anyway, then, if a
    /// spray outlives the window, the addresses quiet the longest (never one with an attempt in
    /// flight, whose slot must stay counted). Forgetting a sprayer early gives it back at most M
    /// guesses, which another of its addresses would have had anyway.
    /// </summary>
    private void MakeRoom(DateTimeOffset now)
    {
        if (_clients.Count < capacity)
        {
            return;
        }

        foreach (var (key, failures) in _clients)
        {
            if (failures.ForgottenBy(now, window))
            {
                _clients.Remove(key);
            }
        }

        // Evict a quarter at once so that a sustained spray pays for the sort once per capacity/4 new addresses.
        var excess = _clients.Count - capacity * 3 / 4;
        if (excess > 0)
        {
            foreach (var (key, _) in _clients.Where(c => c.Value.Pending == 0).OrderBy(c => c.Value.QuietSince).Take(excess).ToList())
            {
                _clients.Remove(key);
            }
        }
    }

    // ::ffff:10.0.0.1 and 10.0.0.1 are one client on a dual-stack listener.
    private static string KeyOf(IPAddress? client) =>
        client is null ? "unknown" : (client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client).ToString();

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed class ClientFailures
    {
        public int Confirmed { get; set; }

        public int Pending { get; set; }

        public DateTimeOffset LastFailure { get; set; }

        public DateTimeOffset BlockedUntil { get; set; }

        public DateTimeOffset QuietSince => Max(LastFailure, BlockedUntil);

        public bool ForgottenBy(DateTimeOffset now, TimeSpan window) => Pending == 0 && now >= QuietSince + window;
    }
}
