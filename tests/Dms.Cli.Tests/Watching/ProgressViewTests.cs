using Dms.Cli.Watching;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Tests.Watching;

public sealed class ProgressViewTests
{
    private static Workflow Copying(int percent, string state = "RUNNING") => new()
    {
        Id = "0b7d5d0e-0000-4000-8000-000000000001",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Type = "ThickCloneVolume",
        State = state,
        Progress = new WorkflowProgress
        {
            Percent = percent, Stage = "copying", BytesTotal = 4L << 30, BytesDone = (4L << 30) * percent / 100, BytesPerSecond = 100 << 20, EtaSeconds = 83,
        },
    };

    [Fact]
    public void ProgressBar_RedrawsOneLineInPlace_WithPercentStageBytesRateAndEta()
    {
        var stderr = new StringWriter();
        var bar = IProgressView.For(stderr, isTerminal: true);

        bar.Show(Copying(25));
        bar.Show(Copying(50));
        bar.End();

        Assert.Equal(
            "\r\u001b[K[#######-----------------------] RUNNING   25%  copying  1.0 GiB / 4.0 GiB  100.0 MiB/s  ETA 1:23" +
            "\r\u001b[K[###############---------------] RUNNING   50%  copying  2.0 GiB / 4.0 GiB  100.0 MiB/s  ETA 1:23\n",
            stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void ProgressLines_PrintOneLinePerChangeOfStateStageOrPercent()
    {
        var stderr = new StringWriter();
        var lines = IProgressView.For(stderr, isTerminal: false);

        lines.Show(Copying(25));
        lines.Show(Copying(25));
        lines.Show(Copying(100, "COMPLETED"));
        lines.End();

        Assert.Equal(
            ["RUNNING   25%  copying  1.0 GiB / 4.0 GiB  100.0 MiB/s  ETA 1:23", "COMPLETED  100%  copying  4.0 GiB / 4.0 GiB  100.0 MiB/s"],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
