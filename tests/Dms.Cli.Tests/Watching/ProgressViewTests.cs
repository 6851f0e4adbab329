using System.Text.RegularExpressions;
using Dms.Cli.Watching;
using Dms.Contracts.Workflows;

namespace Dms.Cli.Tests.Watching;

public sealed partial class ProgressViewTests
{
    private const long MiB = 1 << 20;

    private static Workflow Copying(int percent, string state = "RUNNING", string stage = "copying", long total = 256 * MiB, long eta = 200) => new()
    {
        Id = "0b7d5d0e-0000-4000-8000-000000000001",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Type = "ThickCloneVolume",
        State = state,
        Msg = state == "FAILED" ? "verification failed: the destination differs from the source at byte offset 123456789" : null,
        Progress = new WorkflowProgress
        {
            Percent = percent, Stage = stage, BytesTotal = total, BytesDone = total * percent / 100, BytesBasis = "plan", VolumeBytes = 4096 * MiB,
            BytesPerSecond = 1 * MiB, EtaSeconds = eta,
        },
    };

    private static TerminalStyle Plain(int width) => new(() => width, Color: false);

    /// <summary>Every redraw as the terminal shows it: what follows each "\r" + erase-line, with color codes taken out.</summary>
    private static string[] Redraws(string written) =>
        [.. written.Split("\r\u001b[K", StringSplitOptions.RemoveEmptyEntries).Select(r => Ansi().Replace(r, "").TrimEnd('\n', '\r'))];

    [GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial Regex Ansi();

    [Fact]
    public void ProgressBar_At132Columns_RedrawsOneLineInPlace_WithBarPercentStageBytesRateAndEtaAsADuration()
    {
        var stderr = new StringWriter();
        var bar = IProgressView.For(stderr, isTerminal: true, Plain(132));

        bar.Show(Copying(25));
        bar.Show(Copying(50, eta: 3840));
        bar.End();

        Assert.Equal(
            "\r\u001b[K[#######-----------------------] RUNNING   25%  copying  64.0 MiB / 256.0 MiB  1.0 MiB/s  ETA 3m20s" +
            "\r\u001b[K[###############---------------] RUNNING   50%  copying  128.0 MiB / 256.0 MiB  1.0 MiB/s  ETA 1h4m\n",
            stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public static TheoryData<int> Widths => [132, 100, 80, 60, 40, 24, 12, 5, 2];

    [Theory]
    [MemberData(nameof(Widths))]
    public void ProgressBar_NeverWritesALineAsWideAsTheTerminal_SoItNeverWraps(int width)
    {
        foreach (var color in new[] { false, true })
        {
            var stderr = new StringWriter();
            var bar = IProgressView.For(stderr, isTerminal: true, new TerminalStyle(() => width, color));

            foreach (var workflow in new[]
            {
                Copying(10), Copying(99, stage: "verifying whole volume", total: 4096 * MiB, eta: 999_999), Copying(100, "COMPLETED", "completed"),
                Copying(40, "FAILED", "failed"), Copying(0, stage: "preparing"),
            })
            {
                bar.Show(workflow);
            }
            bar.End();

            var redraws = Redraws(stderr.ToString());
            Assert.Equal(5, redraws.Length);
            Assert.All(redraws, line => Assert.True(line.Length < width, $"{line.Length} columns at width {width}: '{line}'"));
            Assert.All(redraws, line => Assert.DoesNotContain('\n', line));
        }
    }

    [Fact]
    public void ProgressBar_At80Columns_KeepsTheBarAndEverything_ForACopy()
    {
        var line = Redraws(Render(Copying(10, eta: 3840), Plain(80)))[0];

        Assert.Equal("[#----------] RUNNING   10%  copying  25.6 MiB / 256.0 MiB  1.0 MiB/s  ETA 1h4m", line);
        Assert.True(line.Length < 80);
    }

    [Fact]
    public void ProgressBar_Narrow_DropsTheRateThenTheBarThenTheBytesThenTheEta()
    {
        Assert.Equal("[#----------] RUNNING   10%  copying  25.6 MiB / 256.0 MiB  ETA 3m20s", Redraws(Render(Copying(10), Plain(70)))[0]);
        Assert.Equal("RUNNING   10%  copying  25.6 MiB / 256.0 MiB  ETA 3m20s", Redraws(Render(Copying(10), Plain(60)))[0]);
        Assert.Equal("RUNNING   10%  copying  ETA 3m20s", Redraws(Render(Copying(10), Plain(40)))[0]);
        Assert.Equal("RUNNING   10%  copying", Redraws(Render(Copying(10), Plain(30)))[0]);
        Assert.Equal("RUNNING   10%", Redraws(Render(Copying(10), Plain(20)))[0]);
        Assert.Equal("RUNNIN", Redraws(Render(Copying(10), Plain(7)))[0]);
    }

    [Fact]
    public void ProgressBar_WithColor_PaintsTheStateAndTheBar_AndWithoutNone()
    {
        var colored = Render(Copying(50), new TerminalStyle(() => 132, Color: true));
        var plain = Render(Copying(50), Plain(132));

        Assert.Contains("\u001b[36mRUNNING\u001b[0m", colored, StringComparison.Ordinal);
        Assert.Contains("\u001b[32m###", colored, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[3", plain, StringComparison.Ordinal);
        Assert.Equal(Redraws(plain), Redraws(colored));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("1", false)]
    [InlineData("0", false)]
    public void NoColor_AnyNonEmptyValue_TurnsColorOff(string? noColor, bool color) => Assert.Equal(color, TerminalStyle.ColorWanted(noColor));

    [Fact]
    public void ProgressLines_NotATerminal_PrintPlainLines_OnePerChangeOfStateStageOrPercent_WithoutEscapes()
    {
        var stderr = new StringWriter();
        var lines = IProgressView.For(stderr, isTerminal: false, new TerminalStyle(() => 40, Color: true));

        lines.Show(Copying(25));
        lines.Show(Copying(25));
        lines.Show(Copying(100, "COMPLETED"));
        lines.End();

        Assert.Equal(
            ["RUNNING   25%  copying  64.0 MiB / 256.0 MiB  1.0 MiB/s  ETA 3m20s", "COMPLETED  100%  copying  256.0 MiB / 256.0 MiB  1.0 MiB/s"],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', stderr.ToString());
    }

    [Fact]
    public void Notice_EndsTheBarLineFirst_SoTheNextRedrawDoesNotOverwriteIt()
    {
        var stderr = new StringWriter();
        var bar = IProgressView.For(stderr, isTerminal: true, Plain(80));

        bar.Show(Copying(10));
        bar.Notice("dms unreachable");
        bar.Show(Copying(20));

        Assert.Contains("ETA 3m20s\ndms unreachable\n\r\u001b[K", stderr.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static string Render(Workflow workflow, TerminalStyle style)
    {
        var stderr = new StringWriter();
        IProgressView.For(stderr, isTerminal: true, style).Show(workflow);
        return stderr.ToString();
    }
}
