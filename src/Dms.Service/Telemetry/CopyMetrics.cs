using System.Diagnostics.Metrics;
using Dms.Cloning;
using Dms.Cloning.Copy;

namespace Dms.Service.Telemetry;

/// <summary>The data path's instruments: what the copy engine counts (<see cref="ICopyMetrics"/>) and how fast each copy ran.</summary>
internal sealed class CopyMetrics : ICopyMetrics
{
    private readonly Counter<long> _bytesCopied;
    private readonly Counter<long> _reconnects;
    private readonly Histogram<double> _throughput;

    public CopyMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(DmsTelemetry.MeterName);
        // No unit on purpose: with "By" the exporter would rename dms_bytes_copied_total, which dashboards already use.
        _bytesCopied = meter.CreateCounter<long>("dms.bytes_copied", description: "Bytes written to destination volumes by thick clones.");
        _reconnects = meter.CreateCounter<long>("dms.nvme.reconnects", "{reconnect}", "NVMe/TCP paths the copy engine reconnected after losing them, by side.");
        _throughput = meter.CreateHistogram("dms.copy.throughput", "By/s", "Average rate of each copy that ran to its end (one try of the copy step).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1 << 20, 10 << 20, 50 << 20, 100 << 20, 250 << 20, 500 << 20, 1 << 30, 2L << 30, 5L << 30, 10L << 30] });
    }

    public void AddBytesCopied(long bytes) => _bytesCopied.Add(bytes);

    public void CountReconnect(CopySide side) => _reconnects.Add(1, new KeyValuePair<string, object?>("side", side == CopySide.Source ? "source" : "destination"));

    /// <summary>A copy ran to its end; <paramref name="last"/> is its final progress.</summary>
    public void RecordPass(CopyProgress last) => _throughput.Record(last.BytesPerSecond);
}
