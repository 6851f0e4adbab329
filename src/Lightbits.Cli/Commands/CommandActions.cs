using System.CommandLine;
using System.Net;
using System.Security.Authentication;
using Cli.Common.Commands;
using Cli.Common.Output;
using Lightbits.Api.Http;
using Lightbits.Api.Json;

namespace Lightbits.Cli.Commands;

/// <summary>How lbcli's commands run: through the one command runner, printing the cluster's own JSON.</summary>
internal static class CommandActions
{
    private static readonly CommandRunner Runner =
        new("lbcli", parse => new Printer(parse.GetValue(GlobalOptions.Output), Console.Out, LightbitsJson.Options), ClusterFailure);

    public static void SetClusterAction(this Command command, Func<ParseResult, LightbitsClient, Printer, CancellationToken, Task> body) =>
        Runner.SetAction(command, async (parse, printer, ct) =>
        {
            using var client = Connection.Resolve(parse).Client();
            await body(parse, client, printer, ct);
            return ExitCodes.Ok;
        });

    public static void SetLocalAction(this Command command, Func<ParseResult, Printer, Task> body) =>
        Runner.SetAction(command, async (parse, printer, _) =>
        {
            await body(parse, printer);
            return ExitCodes.Ok;
        });

    /// <summary>A cluster's refusal (or an endpoint lbcli cannot trust) as the line and exit code lbcli reports.</summary>
    private static CliException? ClusterFailure(Exception exception) => exception switch
    {
        LightbitsApiException { InnerException: HttpRequestException { InnerException: AuthenticationException } } e =>
            new CliException($"cannot verify the cluster's TLS certificate at {e.Endpoint}: trust it with --ca-cert FILE (or use --data-dir of an lbemu cluster)", ExitCodes.Failed),
        LightbitsApiException e => new CliException(e.Message, e.Status switch
        {
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Auth,
            HttpStatusCode.Conflict => ExitCodes.Conflict,
            _ => ExitCodes.Failed,
        }),
        _ => null,
    };
}
