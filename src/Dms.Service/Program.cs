using System.CommandLine;
using Dms.Service;
using Dms.Service.Auth;
using Dms.Service.Configuration;

var configDir = new Option<string>("--config-dir") { Description = "Directory with dms.yaml, keys, certificate and .htpasswd", DefaultValueFactory = _ => ConfigDir.DefaultPath };
var stateDir = new Option<string?>("--state-dir") { Description = "Directory for the SQLite store (overrides stateDir)" };
var listen = new Option<string?>("--listen") { Description = "ADDRESS:PORT to listen on (overrides listen; default 0.0.0.0:443)" };
var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of prompting" };
var user = new Option<string>("--user") { Description = "The first user `dms init` creates", DefaultValueFactory = _ => "admin" };
var hostNames = new Option<string[]>("--host-name") { Description = "Names and addresses for the TLS certificate (repeatable; default: this host's names)", AllowMultipleArgumentsPerToken = true };
var userArgument = new Argument<string>("USER") { Description = "User to add or update in .htpasswd" };

var serve = new Command("serve", "Run the DMS service (the default command)") { configDir, stateDir, listen };
serve.SetAction((parse, ct) => ServeCommand.RunAsync(parse.GetValue(configDir)!, Flags(parse), ct));

var init = new Command("init", "Create what is missing of the config dir: dms.yaml, keys, TLS certificate, .htpasswd with a first user")
{
    configDir, user, passwordStdin, hostNames,
};
init.SetAction(parse =>
{
    var dir = new ConfigDir(parse.GetValue(configDir)!);
    var names = parse.GetValue(hostNames) is { Length: > 0 } given ? given : TlsCertificate.DefaultHostNames();
    var firstUser = parse.GetValue(user)!;
    try
    {
        var created = ConfigDirInitializer.Run(dir, new ConfigDirInitializer.Options(names, firstUser,
            () => PasswordInput.Read($"Password for {firstUser}: ", parse.GetValue(passwordStdin))), TimeProvider.System);
        foreach (var file in created)
        {
            Console.Out.WriteLine($"created {file}");
        }

        Console.Out.WriteLine(created.Count == 0 ? $"{dir.Path} is complete; nothing to create" : $"{dir.Path} is ready");
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
    {
        Console.Error.WriteLine($"dms init: {e.Message}");
        return 1;
    }
});

var passwd = new Command("passwd", "Add a user to .htpasswd or change a password (bcrypt)") { userArgument, configDir, passwordStdin };
passwd.SetAction(parse =>
{
    var dir = new ConfigDir(parse.GetValue(configDir)!);
    var name = parse.GetValue(userArgument)!;
    try
    {
        HtpasswdWriter.SetPassword(dir.HtpasswdFile, name, PasswordInput.Read($"Password for {name}: ", parse.GetValue(passwordStdin)));
        Console.Out.WriteLine($"updated {name} in {dir.HtpasswdFile}");
        return 0;
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
    {
        Console.Error.WriteLine($"dms passwd: {e.Message}");
        return 1;
    }
});

var root = new RootCommand("dms: the Data Management Service for Lightbits clusters") { serve, init, passwd, Dms.Service.Nvme.NvmeCommands.Create(), configDir, stateDir, listen };
foreach (var keyCommand in KeyCommands.Create(configDir))
{
    root.Subcommands.Add(keyCommand);
}

root.SetAction((parse, ct) => ServeCommand.RunAsync(parse.GetValue(configDir)!, Flags(parse), ct));
return await root.Parse(args).InvokeAsync();

Dictionary<string, string> Flags(ParseResult parse)
{
    var flags = new Dictionary<string, string>(StringComparer.Ordinal);
    if (parse.GetValue(stateDir) is { } state)
    {
        flags["stateDir"] = state;
    }

    if (parse.GetValue(listen) is { } address)
    {
        flags["listen"] = address;
    }

    return flags;
}
