namespace Cli.Common;

/// <summary>DESIGN §10: the exit codes every CLI of the project uses.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Auth = 4;
    public const int Conflict = 5;
    public const int WaitTimedOut = 6;
    public const int WorkflowDidNotComplete = 7;

    /// <summary>Watching gave up because the service stayed unreachable; the workflow itself may well go on.</summary>
    public const int DmsUnreachable = 8;
    public const int Interrupted = 130;
}
