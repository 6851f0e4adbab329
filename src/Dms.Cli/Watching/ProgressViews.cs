using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>Shows a watched workflow's progress on stderr, so stdout stays what scripts read.</summary>
internal interface IProgressView
{
    void Show(Workflow workflow);

    /// <summary>A line for the operator between progress updates (e.g. DMS unreachable), never overwritten by the next update.</summary>
    void Notice(string line);

    /// <summary>Watching stopped (the workflow ended, the wait timed out, or the operator pressed Ctrl-C).</summary>
    void End();

    /// <summary>A bar redrawn in place when stderr is a terminal; plain lines for logs and pipes otherwise (no color there).</summary>
    public static IProgressView For(TextWriter stderr, bool isTerminal, TerminalStyle style) =>
        isTerminal ? new ProgressBar(stderr, style) : new ProgressLines(stderr);
}

/// <summary>
/// A live bar: one line, redrawn in place, never wider than the terminal (a wrapped line would leave a
/// copy of itself at every redraw, as \r only returns to the start of the last screen line).
/// </summary>
internal sealed class ProgressBar(TextWriter stderr, TerminalStyle style) : IProgressView
{
    private const int WidestBar = 32, NarrowestBar = 12; // brackets included
    private bool _drawn;

    public void Show(Workflow workflow)
    {
        // \r + "erase line" so a shorter line leaves nothing of the longer one before it.
        stderr.Write("\r\u001b[K" + Line(workflow, style.Width()));
        stderr.Flush();
        _drawn = true;
    }

    public void Notice(string line)
    {
        End();
        stderr.WriteLine(line);
        stderr.Flush();
    }

    public void End()
    {
        if (_drawn)
        {
            stderr.WriteLine();
            _drawn = false;
        }
    }

    /// <summary>
    /// The most detail that fits in <paramref name="width"/> - 1 columns (the last one stays empty: some
    /// terminals wrap as soon as it is written), with a bar when there is room for one beside it.
    /// </summary>
    internal string Line(Workflow workflow, int width)
    {
        var room = Math.Max(1, width - 1);
        var texts = ProgressText.Shortenings(workflow);
        // The bar repeats the percent: it may cost the rate, never the bytes, ETA or stage.
        foreach (var text in texts.Take(2))
        {
            if (text.Length + 1 + NarrowestBar <= room)
            {
                return Bar(workflow.Progress.Percent, Math.Min(WidestBar, room - text.Length - 1)) + " " + Painted(workflow.State, text);
            }
        }

        var fitting = texts.FirstOrDefault(t => t.Length <= room) ?? texts[^1][..room];
        return Painted(workflow.State, fitting);
    }

    private string Bar(int percent, int width)
    {
        var inside = width - 2;
        var filled = Math.Clamp(percent, 0, 100) * inside / 100;
        return "[" + style.Paint(new string('#', filled), TerminalStyle.Green) + new string('-', inside - filled) + "]";
    }

    /// <summary>Colors the state word the text starts with (a cut-down text may hold only part of it).</summary>
    private string Painted(string state, string text)
    {
        var head = Math.Min(state.Length, text.Length);
        return style.Paint(text[..head], TerminalStyle.ColorOf(state)) + text[head..];
    }
}

/// <summary>One line each time the state, stage or percent changes: readable in a log file.</summary>
internal sealed class ProgressLines(TextWriter stderr) : IProgressView
{
    private (string State, string? Stage, int Percent)? _last;

    public void Show(Workflow workflow)
    {
        var now = (workflow.State, workflow.Progress.Stage, workflow.Progress.Percent);
        if (now != _last)
        {
            stderr.WriteLine(ProgressText.Describe(workflow));
            _last = now;
        }
    }

    public void Notice(string line) => stderr.WriteLine(line);

    public void End()
    {
    }
}
