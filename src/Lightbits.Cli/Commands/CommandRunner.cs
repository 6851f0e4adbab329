using System.CommandLine;
using System.Net;
using System.Security.Authentication;
using Cli.Common.Output;
using Lightbits.Api.Http;
using Lightbits.Api.Json;

namespace Lightbits.Cli.Commands;

/// <summary>Runs a command body and turns every failure into one line on stderr and an exit code.</summary>
internal static class CommandRunner
{

    public static void SetClusterAction(this Command command, Func<ParseResult, LightbitsClient, Printer, CancellationToken, Task> body) =>
        command.SetAction(async (parse, ct) => await RunAsync(async () =>
        {
            using var client = Connection.Resolve(parse).Client();
            await body(parse, client, PrinterFor(parse), ct);
        }));

    public static void SetLocalAction(this Command command, Func<ParseResult, Printer, Task> body) =>
        command.SetAction(async (parse, ct) => await RunAsync(() => body(parse, PrinterFor(parse))));

    private static Printer PrinterFor(ParseResult parse) => new(parse.GetValue(GlobalOptions.Output), Console.Out, LightbitsJson.Options);

    private static async Task<int> RunAsync(Func<Task> body)
    {
        try
        {
            await body();
            return ExitCodes.Ok;
        }
        catch (CliException e)
        {
            return Fail(e.Message, e.ExitCode);
        }
        catch (LightbitsApiException e) when (e.InnerException is HttpRequestException { InnerException: AuthenticationException })
        {
            return Fail($"cannot verify the cluster's TLS certificate at {e.Endpoint}: trust it with --ca-cert FILE (or use --data-dir of an lbemu cluster)", ExitCodes.Failed);
        }
        catch (LightbitsApiException e)
        {
            var code = e.Status switch
            {
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Auth,
                HttpStatusCode.Conflict => ExitCodes.Conflict,
                _ => ExitCodes.Failed,
            };
            return Fail(e.Message, code);
        }
        catch (OperationCanceledException)
        {
            return Fail("interrupted", ExitCodes.Interrupted);
        }
    }

    private static int Fail(string message, int code)
    {
        Console.Error.WriteLine($"lbcli: {message}");
        return code;
    }
}

