using System.CommandLine;
using Cli.Common.Commands;
using Cli.Common.Output;
using Dms.Cli.Api;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dms.Contracts.Json;

namespace Dms.Cli.Commands;

/// <summary>How dmscli's commands run: through the one command runner, printing DMS's own JSON.</summary>
internal static class CommandActions
{
    // The API's types first; dmscli's few own outputs (login) after.
    private static readonly JsonSerializerOptions Json = new(DmsJsonContext.Wire.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DmsJsonContext.Wire, Views.CliJsonContext.Default),
    };

    public static readonly CommandRunner Runner =
        new("dmscli", parse => new Printer(GlobalOptions.FormatOf(parse), Console.Out, Json));

    /// <summary>A command that talks to DMS with the saved token.</summary>
    public static void SetApiAction(this Command command, Func<ParseResult, DmsClient, Printer, CancellationToken, Task<int>> body) =>
        Runner.SetAction(command, async (parse, printer, ct) =>
        {
            using var client = DmsConnection.Resolve(parse).AuthenticatedClient();
            return await body(parse, client, printer, ct);
        });

    public static void SetApiAction(this Command command, Func<ParseResult, DmsClient, Printer, CancellationToken, Task> body) =>
        command.SetApiAction(async (parse, client, printer, ct) =>
        {
            await body(parse, client, printer, ct);
            return ExitCodes.Ok;
        });

    public static void SetLocalAction(this Command command, Func<ParseResult, Printer, CancellationToken, Task<int>> body) =>
        Runner.SetAction(command, body);
}
