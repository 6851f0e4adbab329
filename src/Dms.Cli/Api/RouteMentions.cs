using Dms.Contracts;

namespace Dms.Cli.Api;

/// <summary>
/// DMS's messages serve every API client, so they point at routes ("see GET /api/v1/clusters");
/// an operator at a shell is shown the dmscli command that does the same.
/// </summary>
internal static class RouteMentions
{
    private static readonly (string Route, string Command)[] Commands =
    [
        ($"GET {Routes.Clusters}", "dmscli list clusters"),
        ($"POST {Routes.RefreshClusters}", "dmscli refresh clusters"),
        ($"POST {Routes.Clusters}", "dmscli attach cluster"),
        ($"GET {Routes.Workflows}", "dmscli list workflows"),
        ($"POST {Routes.Login}", "dmscli login"),
        ($"GET {Routes.ServiceCredentials}", "dmscli get credential"),
        ($"GET {Routes.Version}", "dmscli version"),
    ];

    public static string AsCommands(string message) =>
        Commands.Aggregate(message, (text, row) => text.Replace(row.Route, row.Command, StringComparison.Ordinal));
}
