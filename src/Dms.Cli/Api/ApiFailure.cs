using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using Dms.Contracts.Errors;
using Dms.Contracts.Json;

namespace Dms.Cli.Api;

/// <summary>Turns what went wrong talking to DMS into one line for the operator and the exit code of DESIGN §10.</summary>
internal static class ApiFailure
{
    public static CliException FromResponse(HttpStatusCode status, string body, bool sentToken)
    {
        var error = Parse(body);
        var message = error?.Message is { Length: > 0 } text ? RouteMentions.AsCommands(text) : $"DMS answered {(int)status} {status}";

        return ErrorCodes.Read(status, error?.Code) switch
        {
            ErrorCode.Unauthenticated when sentToken => new CliException($"{message} (run dmscli login)", ExitCodes.Auth),
            ErrorCode.Unauthenticated or ErrorCode.PermissionDenied => new CliException(message, ExitCodes.Auth),
            ErrorCode.NotFound => new CliException(message, ExitCodes.NotFound),
            ErrorCode.AlreadyExists or ErrorCode.FailedPrecondition => new CliException(message, ExitCodes.Conflict),
            // DMS refused what the operator typed: a usage error, like the checks dmscli makes itself.
            ErrorCode.InvalidArgument => new CliException(message, ExitCodes.Usage),
            _ => new CliException(message, ExitCodes.Failed),
        };
    }

    public static CliException FromTransport(HttpRequestException e, Uri baseUrl) => e switch
    {
        { InnerException: AuthenticationException } => new CliException($"cannot verify the TLS certificate of {baseUrl}: trust it with --ca-cert FILE, where FILE is a copy of the DMS server's " +
            "tls.crt (written by `dms init`, /etc/dms/tls.crt by default), and use a host name the certificate holds", ExitCodes.Failed),
        // Connected, but what came back was no HTTP answer: the TLS port of dms, spoken to in plain HTTP.
        { HttpRequestError: not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError) } when baseUrl.Scheme == Uri.UriSchemeHttp =>
            new CliException($"DMS at {baseUrl} gave no HTTP answer: dms serves HTTPS; use --base-url=https://{baseUrl.Authority} " +
                "with --ca-cert FILE (a copy of the server's tls.crt, /etc/dms/tls.crt by default) and without --allow-http", ExitCodes.Usage),
        _ => new CliException($"cannot reach DMS at {baseUrl}: {e.Message}", ExitCodes.Unreachable),
    };

    public static CliException Timeout(Uri baseUrl, TimeSpan timeout) =>
        new($"DMS at {baseUrl} did not answer within {timeout.TotalSeconds:0.#} s (--timeout)", ExitCodes.Unreachable);

    private static ApiError? Parse(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, DmsJsonContext.Wire.ApiError);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
