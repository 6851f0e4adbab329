using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bench.Common;
using NvmeTcp.Host;
using NvmeTcp.Target;

// NVMe/TCP loopback benchmark: raw TCP baseline vs host → target with an in-memory namespace.
// Usage: dotnet run -c Release --project bench/NvmeTcp.Bench [-- seconds-per-run runs]
double seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
int runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5;
const int LargeIo = 1 << 20, Depth = 16, SmallIo = 4096, SmallDepth = 64;
const long NamespaceBytes = 1L << 30;

var results = new List<(string Name, double Median, string Unit, double? Ratio)>();

double baseline = Median(await RunAsync(runs, async () => await RawLoopback.MeasureAsync(seconds, connections: 2) / (1 << 20)));
results.Add(("raw TCP loopback, 2 conns, 1 MiB sends", baseline, "MiB/s", null));

var backend = new InMemoryNamespaceBackend(NamespaceBytes / 4096, 4096);
await using var target = new NvmeTcpTarget(new NvmeTcpTargetOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) });
var subsystem = new NvmeSubsystem("nqn.2016-06.io.bench:cnode1");
subsystem.AddNamespace(1, backend);
target.AddSubsystem(subsystem);
target.Start();

foreach (bool digests in new[] { false, true })
{
    var options = new NvmeHostOptions { IoQueueCount = 2, IoQueueDepth = 128, HeaderDigest = digests, DataDigest = digests };
    await using NvmeBlockDevice device = await NvmeTcpHost.OpenBlockDeviceAsync(target.LocalEndPoint, subsystem.Nqn, 1, options);
    string suffix = digests ? " (digests)" : "";
    double write = Median(await RunAsync(runs, () => SequentialAsync(device, write: true, seconds)));
    results.Add(("seq write 1 MiB x16" + suffix, write, "MiB/s", write / baseline));
    double read = Median(await RunAsync(runs, () => SequentialAsync(device, write: false, seconds)));
    results.Add(("seq read 1 MiB x16" + suffix, read, "MiB/s", read / baseline));
    double iops = Median(await RunAsync(runs, () => RandomReadAsync(device, seconds)));
    results.Add(("rand read 4 KiB x64" + suffix, iops, "IOPS", null));
}

Console.WriteLine($"{"benchmark",-42} {"median",12} {"unit",-6} {"vs raw",7}");
foreach ((string name, double median, string unit, double? ratio) in results)
{
    Console.WriteLine($"{name,-42} {median,12:F0} {unit,-6} {(ratio is { } r ? r.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : ""),7}");
}

return;

static async Task<List<double>> RunAsync(int runs, Func<Task<double>> run)
{
    await run(); // warm-up: JIT, pools, socket buffers
    var samples = new List<double>();
    for (int i = 0; i < runs; i++)
    {
        samples.Add(await run());
    }

    return samples;
}

static double Median(List<double> samples)
{
    samples.Sort();
    return samples[samples.Count / 2];
}

static async Task<double> SequentialAsync(NvmeBlockDevice device, bool write, double seconds)
{
    long bytes = 0;
    long next = 0;
    var stopwatch = Stopwatch.StartNew();
    async Task Worker()
    {
        byte[] buffer = GC.AllocateUninitializedArray<byte>(LargeIo, pinned: true);
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            long offset = Interlocked.Add(ref next, LargeIo) - LargeIo;
            offset %= device.Capacity;
            if (write)
            {
                await device.WriteAsync(offset, buffer);
            }
            else
            {
                await device.ReadAsync(offset, buffer);
            }

            Interlocked.Add(ref bytes, LargeIo);
        }
    }

    await Task.WhenAll(Enumerable.Range(0, Depth).Select(_ => Task.Run(Worker)));
    return bytes / stopwatch.Elapsed.TotalSeconds / (1 << 20);
}

static async Task<double> RandomReadAsync(NvmeBlockDevice device, double seconds)
{
    long ios = 0;
    var stopwatch = Stopwatch.StartNew();
    long blocks = device.Capacity / SmallIo;
    async Task Worker(int seed)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[SmallIo];
        while (stopwatch.Elapsed.TotalSeconds < seconds)
        {
            await device.ReadAsync(random.NextInt64(blocks) * SmallIo, buffer);
            Interlocked.Increment(ref ios);
        }
    }

    await Task.WhenAll(Enumerable.Range(0, SmallDepth).Select(i => Task.Run(() => Worker(i))));
    return ios / stopwatch.Elapsed.TotalSeconds;
}
