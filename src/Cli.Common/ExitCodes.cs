namespace Cli.Common;

/// <summary>
/// DESIGN §10: the exit codes every CLI of the project uses, written once. <see cref="Table"/> gives
/// each its one-line meaning; dmscli's help footer is generated from it and the README's table is
/// tested against it, so the three cannot drift apart.
/// </summary>
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

    /// <summary>The service could not be reached or did not answer in time: the one failure worth retrying unchanged.</summary>
    public const int Unreachable = 8;
    public const int Interrupted = 130;

    /// <summary>Every code with the one line that says when a command exits with it.</summary>
    public static IReadOnlyList<(int Code, string Meaning)> Table { get; } =
    [
        (Ok, "success (also canceling a workflow that is already canceled)"),
        (Failed, "any other failure: the service or a cluster refused or failed"),
        (Usage, "usage: unknown command or flag, bad value, or input the service refused"),
        (NotFound, "not found: the workflow, cluster, snapshot or project does not exist"),
        (Auth, "not logged in, token expired, or permission denied: log in again"),
        (Conflict, "conflict or state: already exists, in use, or the workflow already ended"),
        (WaitTimedOut, "--wait-timeout passed; the workflow goes on"),
        (WorkflowDidNotComplete, "the watched workflow failed or was canceled"),
        (Unreachable, "the service is unreachable: no connection, or no answer within --timeout"),
        (Interrupted, "interrupted (Ctrl-C)"),
    ];
}
