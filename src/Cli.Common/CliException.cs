namespace Lightbits.Cli;

/// <summary>A failure the user can act on: a one-line message and the exit code of DESIGN §10.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int NotFound = 3;
    public const int Auth = 4;
    public const int Conflict = 5;
}
