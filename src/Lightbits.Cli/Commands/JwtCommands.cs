using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Cli.Common.Commands;
using Lightbits.Api.Auth;

namespace Lightbits.Cli.Commands;

internal static class JwtCommands
{
    public static void Register(Verbs verbs)
    {
        // Documented form: lbcli create jwt --role <scope>:<role> --key <priv.pem> --key-id <scope>:<cred> [--issuer] [--subject] [--expiry RFC3339]
        var roles = new Option<string[]>("--role") { Description = "Role(s) as <scope>:<role>, e.g. system:cluster-admin or proj-1:admin", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "PEM file with the RSA private key", Required = true };
        var keyId = new Option<string>("--key-id") { Description = "<scope>:<credential ID> of the matching public key", Required = true };
        var issuer = new Option<string?>("--issuer") { Description = "iss claim" };
        var subject = new Option<string>("--subject") { Description = "sub claim", DefaultValueFactory = _ => "lightos-client" };
        var expiry = new Option<string?>("--expiry") { Description = "Expiry as RFC 3339 (default now + 30 days)" };
        var create = new Command("jwt", "Mint a JWT locally (the cluster is not contacted)") { roles, key, keyId, issuer, subject, expiry };
        create.SetLocalAction((parse, printer) =>
        {
            var keyFile = parse.GetValue(key)!;
            if (!keyFile.Exists)
            {
                throw new CliException($"--key: file \"{keyFile.FullName}\" not found");
            }
            var kid = parse.GetValue(keyId)!;
            if (kid.IndexOf(':', StringComparison.Ordinal) is <= 0 || kid.EndsWith(':'))
            {
                throw new CliException($"--key-id \"{kid}\" must be <scope>:<credential ID>");
            }
            var roleList = parse.GetValue(roles)!;
            if (roleList.FirstOrDefault(r => r.IndexOf(':', StringComparison.Ordinal) <= 0) is { } badRole)
            {
                throw new CliException($"--role \"{badRole}\" must be <scope>:<role>");
            }
            var lifetime = TimeSpan.FromDays(30);
            if (parse.GetValue(expiry) is { } expiryText)
            {
                if (!DateTimeOffset.TryParse(expiryText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    throw new CliException($"--expiry \"{expiryText}\" is not an RFC 3339 time");
                }
                lifetime = at - DateTimeOffset.UtcNow;
                if (lifetime <= TimeSpan.Zero)
                {
                    throw new CliException($"--expiry \"{expiryText}\" is in the past");
                }
            }
            using var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(File.ReadAllText(keyFile.FullName));
            }
            catch (ArgumentException e)
            {
                throw new CliException($"--key: \"{keyFile.FullName}\" holds no PEM RSA private key: {e.Message}");
            }
            var token = Jwt.Mint(rsa, kid, roleList, parse.GetValue(subject)!, lifetime, issuer: parse.GetValue(issuer));
            printer.Print(new { jwt = token }, t => t.jwt + "\n");
            return Task.CompletedTask;
        });
        verbs.Create.Subcommands.Add(create);
    }
}
