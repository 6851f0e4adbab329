using System.CommandLine;
using Dms.Cli.Configuration;
using Dms.Cli.Input;

namespace Dms.Cli.Commands;

/// <summary>`dmscli login`: trades a user's password for a session token and saves it in dms-cli.yaml (spec §4).</summary>
internal static class LoginCommand
{
    public static Command Create()
    {
        var username = new Option<string>("--username") { Description = "User in the DMS server's .htpasswd", Required = true };
        var password = new Option<string?>("--password") { Description = "The password (prompted for when omitted and stdin is a terminal)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input" };
        var saveInsecure = new Option<bool>("--save-insecure")
        {
            Description = "Save --insecure-skip-tls-verify in the config file for later commands (otherwise it applies to this login only)",
        };
        var login = new Command("login", "Log in to the DMS service and save the token in the config file") { username, password, passwordStdin, saveInsecure };
        login.SetLocalAction(async (parse, _, ct) =>
        {
            var insecureNow = parse.GetValue(GlobalOptions.Insecure);
            var keepInsecure = parse.GetValue(saveInsecure);
            if (keepInsecure && !insecureNow)
            {
                throw new CliException("--save-insecure saves --insecure-skip-tls-verify: give both", ExitCodes.Usage);
            }

            var connection = DmsConnection.Resolve(parse, loggingIn: true);
            var user = parse.GetValue(username)!;
            var secret = PasswordSource.Read(parse.GetValue(password), parse.GetValue(passwordStdin));
            using var client = connection.Client(idToken: null);
            var response = await client.LoginAsync(user, secret, ct);
            var given = parse.GetValue(GlobalOptions.BaseUrl);
            CliConfigFile.Write(connection.ConfigPath, connection.Config with
            {
                // Saved as typed (with the scheme added), so the file reads like the documented one.
                BaseUrl = given is null ? connection.Config.BaseUrl : given.Contains("://", StringComparison.Ordinal) ? given : "https://" + given,
                Auth = new CliAuth(response.TokenType, response.ExpiresIn, response.IdToken),
                CaCert = connection.CaCert,
                // Skipping verification once must not silently become every later command's default;
                // without the flag now, what the file already says (saved deliberately) stays.
                InsecureSkipTlsVerify = insecureNow ? keepInsecure : connection.Config.InsecureSkipTlsVerify,
            });
            Console.Out.WriteLine($"Logged in to {connection.BaseUrl} as {user}; token saved in {connection.ConfigPath} (valid for {Describe(TimeSpan.FromSeconds(response.ExpiresIn))})");
            if (insecureNow && !keepInsecure)
            {
                Console.Error.WriteLine($"dmscli: --insecure-skip-tls-verify was used for this login only and not saved in {connection.ConfigPath}; to save it, log in again with --save-insecure (or trust DMS's certificate with --ca-cert)");
            }

            return ExitCodes.Ok;
        });
        return login;
    }

    private static string Describe(TimeSpan lifetime) =>
        lifetime.TotalDays >= 1 ? $"{lifetime.TotalDays:0.#} days" : lifetime.TotalHours >= 1 ? $"{lifetime.TotalHours:0.#} hours" : $"{lifetime.TotalSeconds:0} s";
}
