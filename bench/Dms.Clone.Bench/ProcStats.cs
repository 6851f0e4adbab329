using System.Globalization;

namespace Dms.Clone.Bench;

/// <summary>What /proc says about a process and the machine (Linux only; dotnet-counters is not needed).</summary>
internal static class ProcStats
{
    /// <summary>USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on every Linux architecture we run on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system CPU seconds the process has used so far.</summary>
    public static double CpuSeconds(int pid) => Cpu(pid).User + Cpu(pid).System;

    /// <summary>User and system (kernel: sockets, page cache) CPU seconds the process has used so far.</summary>
    public static (double User, double System) Cpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the command name (which may contain spaces) start at field 3 (state); utime is 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) / TicksPerSecond, long.Parse(fields[12], CultureInfo.InvariantCulture) / TicksPerSecond);
    }

    /// <summary>A field of /proc/PID/status in bytes, e.g. VmRSS (resident now) or VmHWM (peak resident).</summary>
    public static long StatusBytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var value = line[(field.Length + 1)..].Trim().Split(' ')[0];
                return long.Parse(value, CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException($"/proc/{pid}/status has no {field}");
    }

    /// <summary>Busy CPU seconds of the whole machine (all cores) so far: everything but idle and iowait.</summary>
    public static double MachineBusySeconds()
    {
        var first = File.ReadLines("/proc/stat").First();
        var ticks = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        long busy = 0;
        for (var i = 0; i < Math.Min(ticks.Length, 8); i++)
        {
            if (i is not (3 or 4))
            {
                busy += ticks[i];
            }
        }
        return busy / TicksPerSecond;
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
