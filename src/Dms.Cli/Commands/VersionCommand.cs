using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Cli.Common.Output;
using Common;
using Dms.Contracts;
using Dms.Contracts.Json;

namespace Dms.Cli.Commands;

/// <summary>
/// `dmscli version`: this dmscli's version, then the version of the dms it is logged in to. The
/// client's is printed even when DMS cannot be asked, and the failure then says why (its exit code).
/// </summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var version = new Command("version", "Show the version of dmscli and of the DMS service it is logged in to");
        version.SetLocalAction(async (parse, _, ct) =>
        {
            var printer = new Printer(GlobalOptions.FormatOf(parse), Console.Out, VersionJson.Options);
            var client = ProgramVersion.Of(typeof(VersionCommand).Assembly);
            VersionResponse server;
            try
            {
                using var dms = DmsConnection.Resolve(parse).AuthenticatedClient();
                server = await dms.GetVersionAsync(ct);
            }
            catch (CliException)
            {
                printer.Print(new VersionReport(client, null), Text);
                throw;
            }

            printer.Print(new VersionReport(client, server), Text);
            return ExitCodes.Ok;
        });
        return version;
    }

    private static string Text(VersionReport report) => report.ServerVersion is { } server
        ? $"Client Version: {report.ClientVersion}\nServer Version: {server.Version} (API {server.ApiVersion})\n"
        : $"Client Version: {report.ClientVersion}\n";
}

/// <summary>`dmscli version -o json`: kubectl's shape, the server's part being DMS's own answer.</summary>
internal sealed record VersionReport(string ClientVersion, VersionResponse? ServerVersion);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionReport))]
internal sealed partial class VersionJson : JsonSerializerContext
{
    /// <summary>The wire's options, able to write the report around DMS's answer too.</summary>
    // Built on first use: a static initializer could run before the generated Default exists.
    public static new JsonSerializerOptions Options => s_options ??= new(DmsJsonContext.Wire.Options)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, DmsJsonContext.Wire),
    };

    private static JsonSerializerOptions? s_options;
}
