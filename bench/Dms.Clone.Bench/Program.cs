using System.Globalization;
using System.Runtime.InteropServices;
using Bench.Common;
using Dms.Clone.Bench;

// Thick-clone benchmark: two lbemu clusters and one dms as real child processes on 127.0.0.1,
// clones timed from POST /api/v1/volumes/thickclone to COMPLETED, against a raw loopback TCP stream
// measured in the same run. Usage (all optional):
//   dotnet bench/Dms.Clone.Bench/bin/Release/net10.0/Dms.Clone.Bench.dll
//     [--dense-gib 4] [--sparse-gib 64] [--sparse-data-mib 1024] [--runs 3] [--servers 1] [--raw-seconds 2] [--no-verify]
//     [--storage memory|file]   (lbemu's volume data: RAM, the default, or files in its data dir)
//     [--dms-env DMS_COPY_DEPTH=32 ...]   (dms.yaml settings as environment variables, for experiments)
const long GiB = 1L << 30, MiB = 1L << 20, SparseRegion = 16 * MiB;
var options = Options.Parse(args);
var denseBytes = options.DenseGiB * GiB;
var sparseBytes = options.SparseGiB * GiB;
var sparseData = options.SparseDataMiB * MiB;
if (sparseData % SparseRegion != 0 || sparseData > sparseBytes)
{
    Console.Error.WriteLine($"--sparse-data-mib must be a multiple of 16 and fit in --sparse-gib");
    return 2;
}

var root = Directory.CreateTempSubdirectory("dms-clone-bench-").FullName;
using var stop = new CancellationTokenSource();
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
Console.WriteLine($"load average at start: {ProcStats.LoadAverage()}; data under {root}");
Rig? rig = null;
try
{
    // Baseline first (and again at the end, to see whether the machine got busier meanwhile).
    var rawBefore = await RawAsync(options);
    Console.WriteLine($"raw loopback TCP: {Format(Median(rawBefore) / GiB)} GiB/s");

    rig = await Rig.StartAsync(root, options.Servers, options.Storage, options.DmsEnvironment);
    rig.Stopping = stop.Token;
    Console.WriteLine($"dms pid {rig.DmsPid}{string.Concat(options.DmsEnvironment.Select(e => $" ({e.Key}={e.Value})"))}, lbemu A pid {rig.A.Process.Pid}, lbemu B pid {rig.B.Process.Pid}; {options.Servers} server(s) per cluster, --storage {options.Storage}");

    var regions = Enumerable.Range(0, (int)(sparseData / SparseRegion))
        .Select(i => (Offset: i * (sparseBytes / (sparseData / SparseRegion)) / SparseRegion * SparseRegion, Length: SparseRegion)).ToArray();
    var dense = await rig.CreateSourceAsync("dense", denseBytes, [(0, denseBytes)]);
    var small = await rig.CreateSourceAsync("small", sparseData, [(0, sparseData)]);
    var sparse = await rig.CreateSourceAsync("sparse", sparseBytes, regions);
    Console.WriteLine($"sources written over NVMe/TCP at {Format(dense.BytesPerSecond / GiB)} GiB/s (lbemu {Format(dense.LbemuCpuPerGiB)} CPU s/GiB); " +
        $"sparse: {regions.Length} × 16 MiB spread over {options.SparseGiB} GiB");

    var scenarios = new List<(string Name, string Snapshot, long Data, bool Verify)>
    {
        ($"dense {options.DenseGiB} GiB", dense.SnapshotUuid, denseBytes, false),
    };
    if (options.Verify)
    {
        scenarios.Add(($"dense {options.DenseGiB} GiB, verifyClone", dense.SnapshotUuid, denseBytes, true));
    }
    var smallName = $"dense {Size(sparseData)}";
    var sparseName = $"sparse {options.SparseGiB} GiB, {Size(sparseData)} data";
    scenarios.Add((smallName, small.SnapshotUuid, sparseData, false));
    scenarios.Add((sparseName, sparse.SnapshotUuid, sparseData, false));
    if (options.Verify)
    {
        // verifyClone checks the whole logical size: the sparse volume's holes are read on both sides.
        scenarios.Add(($"{sparseName}, verifyClone", sparse.SnapshotUuid, sparseData, true));
    }

    // Warm-up: every code path once (dms JIT-compiles ~14 000 methods and tiers them up in the
    // background; after a single small clone its tiered-compilation thread still took two thirds of
    // dms's CPU during the next clone), and one dense clone so the destination has touched as much
    // memory as a run needs (this VM makes the first touch of a page expensive; the memory store
    // reuses what a deleted volume held).
    // dms keeps tiering methods up for several clones (its user CPU per GiB halves from the 1st to the
    // 3rd dense clone), hence three.
    var warmUps = new List<(string Snapshot, bool Verify)>
    {
        (small.SnapshotUuid, false), (sparse.SnapshotUuid, false), (dense.SnapshotUuid, false), (dense.SnapshotUuid, false), (dense.SnapshotUuid, false),
    };
    if (options.Verify)
    {
        warmUps.Add((small.SnapshotUuid, true));
        warmUps.Add((sparse.SnapshotUuid, true));
    }
    var warmUpNumber = 0;
    foreach (var (snapshot, verify) in warmUps)
    {
        var warmUp = await rig.CloneAsync("warm-up", snapshot, snapshot == dense.SnapshotUuid ? denseBytes : sparseData, $"warm-up-{warmUpNumber++}", verify);
        Console.WriteLine($"warm-up clone: {Format(warmUp.Total.TotalSeconds)} s");
    }

    // Runs interleave the scenarios, so a busy spell on the machine hurts all of them alike.
    var runs = new List<CloneRun>();
    for (var run = 1; run <= options.Runs; run++)
    {
        foreach (var (name, snapshot, data, verify) in scenarios)
        {
            var result = await rig.CloneAsync(name, snapshot, data, $"clone-r{run}-{runs.Count}", verify);
            runs.Add(result);
            Console.WriteLine($"  run {run}: {name,-34} {Format(result.Total.TotalSeconds),7} s (copying {Format(result.Copying.TotalSeconds)} s" +
                $"{(verify ? $", verifying {Format(result.Verifying.TotalSeconds)} s" : "")}), cpu s {result.CpuSplit}, other processes {Format(result.ForeignCpu)} s, " +
                $"dms rss {result.DmsPeakRss / MiB} MiB, load {ProcStats.LoadAverage()}");
        }
    }
    var hwm = ProcStats.StatusBytes(rig.DmsPid, "VmHWM");

    var rawAfter = await RawAsync(options);
    var raw = Median([.. rawBefore, .. rawAfter]);

    Console.WriteLine();
    Console.WriteLine($"| what | median s | GiB/s | vs raw | copy phase s | dms CPU s/GiB | lbemu src+dst CPU s/GiB | other CPU (cores) | dms peak RSS MiB |");
    Console.WriteLine($"|---|---|---|---|---|---|---|---|---|");
    Console.WriteLine($"| raw loopback TCP, 2 conns, 1 MiB sends (before / after: {Format(Median(rawBefore) / GiB)} / {Format(Median(rawAfter) / GiB)}) | | {Format(raw / GiB)} | | | | | | |");
    var medians = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var (name, _, data, _) in scenarios)
    {
        var mine = runs.Where(r => r.Scenario == name).ToList();
        var seconds = Median(mine.Select(r => r.Total.TotalSeconds));
        medians[name] = seconds;
        var gib = data / (double)GiB;
        Console.WriteLine($"| {name} | {Format(seconds)} | {Format(gib / seconds)} | {Format(data / seconds / raw)} | " +
            $"{Format(Median(mine.Select(r => r.Copying.TotalSeconds)))} | {Format(Median(mine.Select(r => r.DmsCpu / gib)))} | " +
            $"{Format(Median(mine.Select(r => (r.SourceCpu + r.DestinationCpu) / gib)))} | {Format(Median(mine.Select(r => r.ForeignCpu / r.Total.TotalSeconds)))} | " +
            $"{mine.Max(r => r.DmsPeakRss) / MiB} |");
    }

    Console.WriteLine();
    var denseRatio = denseBytes / medians[scenarios[0].Name] / raw;
    var sparseRatio = medians[sparseName] / medians[smallName];
    Console.WriteLine($"dense / raw = {Format(denseRatio)} (goal ≥ 0.30: {(denseRatio >= 0.3 ? "met" : "MISSED")})");
    Console.WriteLine($"sparse / dense {Size(sparseData)} = {Format(sparseRatio)} (goal ≤ 1.50: {(sparseRatio <= 1.5 ? "met" : "MISSED")})");
    Console.WriteLine($"dms VmHWM after all clones = {hwm / MiB} MiB (goal ≤ 300: {(hwm <= 300 * MiB ? "met" : "MISSED")})");
    Console.WriteLine($"load average at end: {ProcStats.LoadAverage()}");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("stopped");
    return 130;
}
finally
{
    if (rig is not null)
    {
        await rig.DisposeAsync();
    }
    Directory.Delete(root, recursive: true);
}

static async Task<List<double>> RawAsync(Options options)
{
    await RawLoopback.MeasureAsync(options.RawSeconds / 2); // warm-up: JIT, socket buffers
    var samples = new List<double>();
    for (var i = 0; i < options.Runs; i++)
    {
        samples.Add(await RawLoopback.MeasureAsync(options.RawSeconds));
    }
    return samples;
}

static double Median(IEnumerable<double> samples)
{
    var sorted = samples.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string Format(double value) => value.ToString(value >= 100 ? "F0" : value >= 10 ? "F1" : "F2", CultureInfo.InvariantCulture);

static string Size(long bytes) => bytes % GiB == 0 ? $"{bytes / GiB} GiB" : $"{bytes / MiB} MiB";

internal sealed record Options
{
    public long DenseGiB { get; init; } = 4;
    public long SparseGiB { get; init; } = 64;
    public long SparseDataMiB { get; init; } = 1024;
    public int Runs { get; init; } = 3;
    public int Servers { get; init; } = 1;
    public double RawSeconds { get; init; } = 2;
    public bool Verify { get; init; } = true;
    public string Storage { get; init; } = "memory";
    public Dictionary<string, string> DmsEnvironment { get; init; } = new(StringComparer.Ordinal);

    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--dense-gib" => options with { DenseGiB = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--sparse-gib" => options with { SparseGiB = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--sparse-data-mib" => options with { SparseDataMiB = long.Parse(Next(), CultureInfo.InvariantCulture) },
                "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--servers" => options with { Servers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--raw-seconds" => options with { RawSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--no-verify" => options with { Verify = false },
                "--storage" => options with { Storage = Next() is var storage && storage is "memory" or "file" ? storage : throw new ArgumentException("--storage must be memory or file") },
                "--dms-env" => WithDmsEnvironment(options, Next()),
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        return options;
    }

    private static Options WithDmsEnvironment(Options options, string assignment)
    {
        var equals = assignment.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--dms-env {assignment}: expected NAME=VALUE");
        }
        options.DmsEnvironment[assignment[..equals]] = assignment[(equals + 1)..];
        return options;
    }
}
