namespace Dms.Cli.Api;

/// <summary>
/// DMS could not answer for now: connection refused or reset, a timeout, a 5xx (a restart, a fail-over
/// behind a balancer). Only a caller that can wait it out (watching a workflow) sees this; every other
/// caller gets <see cref="Failure"/>, the one-line error with its exit code.
/// </summary>
internal sealed class DmsUnavailableException(CliException failure) : Exception(failure.Message, failure)
{
    public CliException Failure { get; } = failure;
}
