namespace Dms.Cli.Configuration;

/// <summary>
/// ~/.local/dms/dms-cli.yaml (spec §4): the documented keys <c>base-url</c> and <c>auth</c>, plus
/// the TLS trust given at login so later commands need not repeat it.
/// </summary>
internal sealed record CliConfig
{
    public string? BaseUrl { get; init; }

    public CliAuth? Auth { get; init; }

    /// <summary>Absolute path of the PEM certificate to trust for DMS (what --ca-cert was at login).</summary>
    public string? CaCert { get; init; }

    public bool InsecureSkipTlsVerify { get; init; }
}

internal sealed record CliAuth(string TokenType, long ExpiresIn, string IdToken);
