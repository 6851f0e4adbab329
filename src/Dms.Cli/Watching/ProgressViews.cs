using Dms.Contracts.Workflows;

namespace Dms.Cli.Watching;

/// <summary>Shows a watched workflow's progress on stderr, so stdout stays what scripts read.</summary>
internal interface IProgressView
{
    void Show(Workflow workflow);

    /// <summary>Watching stopped (the workflow ended, the wait timed out, or the operator pressed Ctrl-C).</summary>
    void End();

    /// <summary>A bar redrawn in place when stderr is a terminal; plain lines for logs and pipes otherwise.</summary>
    public static IProgressView For(TextWriter stderr, bool isTerminal) => isTerminal ? new ProgressBar(stderr) : new ProgressLines(stderr);
}

/// <summary>A live bar: one line, redrawn in place.</summary>
internal sealed class ProgressBar(TextWriter stderr) : IProgressView
{
    private const int Width = 30;
    private bool _drawn;

    public void Show(Workflow workflow)
    {
        var filled = Math.Clamp(workflow.Progress.Percent, 0, 100) * Width / 100;
        // \r + "erase line" so a shorter line leaves nothing of the longer one before it.
        stderr.Write($"\r\u001b[K[{new string('#', filled)}{new string('-', Width - filled)}] {ProgressText.Describe(workflow)}");
        stderr.Flush();
        _drawn = true;
    }

    public void End()
    {
        if (_drawn)
        {
            stderr.WriteLine();
            _drawn = false;
        }
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

    public void End()
    {
    }
}
