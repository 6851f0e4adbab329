using System.CommandLine;
using Cli.Common.Output;

namespace Cli.Common.Commands;

/// <summary>
/// Runs the command bodies of one CLI: every failure becomes one line on stderr,
/// "<c>program: message</c>", and the exit code of DESIGN §10.
/// </summary>
/// <param name="program">The program's name, which starts every failure line (dmscli, lbcli).</param>
/// <param name="printerFor">The printer a command writes its result with, by its global options.</param>
/// <param name="failureOf">The program's own errors (a cluster's refusal, say) as a failure to report; null for any other exception.</param>
public sealed class CommandRunner(string program, Func<ParseResult, Printer> printerFor, Func<Exception, CliException?>? failureOf = null)
{
    /// <summary>Makes <paramref name="body"/> the action of <paramref name="command"/>; its result is the exit code.</summary>
    public void SetAction(Command command, Func<ParseResult, Printer, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction((parse, ct) => RunAsync(() => body(parse, printerFor(parse), ct)));
    }

    /// <summary>Reports a failure the way every command does; returns <paramref name="exitCode"/>.</summary>
    public int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"{program}: {message}");
        return exitCode;
    }

    private async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (OperationCanceledException)
        {
            return Fail("interrupted", ExitCodes.Interrupted);
        }
        catch (Exception e) when (failureOf?.Invoke(e) is { } failure)
        {
            return Fail(failure.Message, failure.ExitCode);
        }
        catch (IOException e)
        {
            return Fail(e.Message, ExitCodes.Failed);
        }
        catch (UnauthorizedAccessException e)
        {
            return Fail(e.Message, ExitCodes.Failed);
        }
    }
}
