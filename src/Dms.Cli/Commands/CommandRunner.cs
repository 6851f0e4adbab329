using System.CommandLine;
using Cli.Common.Output;
using Dms.Cli.Api;
using Dms.Contracts.Json;

namespace Dms.Cli.Commands;

/// <summary>Runs a command body and turns every failure into one line on stderr and an exit code (DESIGN §10).</summary>
internal static class CommandRunner
{
    /// <summary>A command that talks to DMS with the saved token.</summary>
    public static void SetApiAction(this Command command, Func<ParseResult, DmsClient, Printer, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = DmsConnection.Resolve(parse).AuthenticatedClient();
            return await body(parse, client, PrinterFor(parse), ct);
        }));

    public static void SetApiAction(this Command command, Func<ParseResult, DmsClient, Printer, CancellationToken, Task> body) =>
        command.SetApiAction(async (parse, client, printer, ct) =>
        {
            await body(parse, client, printer, ct);
            return ExitCodes.Ok;
        });

    public static void SetLocalAction(this Command command, Func<ParseResult, Printer, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => RunAsync(() => body(parse, PrinterFor(parse), ct)));

    public static Printer PrinterFor(ParseResult parse) => new(GlobalOptions.FormatOf(parse), Console.Out, DmsJsonContext.Wire.Options);

    public static int Fail(string message, int exitCode)
    {
        Console.Error.WriteLine($"dmscli: {message}");
        return exitCode;
    }

    private static async Task<int> RunAsync(Func<Task<int>> body)
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
