namespace Cli.Common;

/// <summary>A failure the user can act on: a one-line message and the exit code of DESIGN §10.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
