using System.Text.RegularExpressions;
using Lightbits.Emulator.State;

namespace Lightbits.Emulator.Faults;

/// <summary>The active fault rules, shared by every server of the cluster.</summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<(FaultRule Rule, Regex Path, int Skip, int Remaining)> _rules = [];

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Status != 0 && rule.Status is < 400 or > 599)
        {
            throw ApiException.BadRequest($"status {rule.Status} must be an HTTP error status (400-599) or 0 for latency only");
        }
        if (rule.LatencyMs is < 0 or > 600_000)
        {
            throw ApiException.BadRequest($"latencyMs {rule.LatencyMs} must be 0..600000");
        }
        if (rule.GrpcCode is < 0 or > 16)
        {
            throw ApiException.BadRequest($"grpcCode {rule.GrpcCode} must be a gRPC status code (1-16) or 0 for the status's usual one");
        }
        if (rule.Skip < 0)
        {
            throw ApiException.BadRequest($"skip {rule.Skip} must not be negative");
        }
        lock (_lock)
        {
            _rules.Add((rule, rule.ToRegex(), rule.Skip, rule.Count));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _rules.Clear();
        }
    }

    /// <summary>The rule this request trips, if any, counting it as used.</summary>
    public FaultRule? Match(string method, string path, string server)
    {
        lock (_lock)
        {
            for (var i = 0; i < _rules.Count; i++)
            {
                var (rule, regex, skip, remaining) = _rules[i];
                if ((rule.Method is null || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase)) &&
                    (rule.Server is null || rule.Server == server) && regex.IsMatch(path))
                {
                    if (skip > 0)
                    {
                        _rules[i] = (rule, regex, skip - 1, remaining);
                        return null;
                    }
                    if (remaining > 0)
                    {
                        if (remaining == 1)
                        {
                            _rules.RemoveAt(i);
                        }
                        else
                        {
                            _rules[i] = (rule, regex, skip, remaining - 1);
                        }
                    }
                    return rule;
                }
            }
            return null;
        }
    }
}
