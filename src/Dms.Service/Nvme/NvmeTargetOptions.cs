using System.CommandLine;
using System.Net;
using Dms.Service.Configuration;
using NvmeTcp.Host;

namespace Dms.Service.Nvme;

/// <summary>
/// The connection flags of `dms nvme …`, with nvme-cli's names so an operator's muscle memory works:
/// -a/--traddr, -s/--trsvcid, -n/--nqn, -q/--hostnqn, -g/--hdr-digest, -G/--data-digest.
/// </summary>
internal sealed class NvmeTargetOptions
{
    public Option<string> Address { get; } = new("--traddr", "-a") { Description = "Target address (IPv4, IPv6 or host name)", Required = true };
    public Option<int> Port { get; } = new("--trsvcid", "-s") { Description = "Target port", Required = true };
    public Option<string?> HostNqn { get; } = new("--hostnqn", "-q") { Description = "Host NQN (default: this DMS's, from the config dir)" };
    public Option<bool> HeaderDigest { get; } = new("--hdr-digest", "-g") { Description = "Enable the header digest (CRC32C)" };
    public Option<bool> DataDigest { get; } = new("--data-digest", "-G") { Description = "Enable the data digest (CRC32C)" };
    public Option<string> ConfigDir { get; } = new("--config-dir") { Description = "Where to find this DMS's host NQN", DefaultValueFactory = _ => Configuration.ConfigDir.DefaultPath };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Address, Port, HostNqn, HeaderDigest, DataDigest, ConfigDir })
        {
            command.Options.Add(option);
        }
    }

    public async Task<EndPoint> EndPointAsync(ParseResult parse, CancellationToken ct)
    {
        var address = parse.GetValue(Address)!;
        var port = parse.GetValue(Port);
        if (port is < 1 or > 65535)
        {
            throw new NvmeUsageException($"--trsvcid {port} must be a port number 1-65535");
        }
        if (IPAddress.TryParse(address.Trim('[', ']'), out var ip))
        {
            return new IPEndPoint(ip, port);
        }
        var resolved = await Dns.GetHostAddressesAsync(address, ct);
        return resolved.Length > 0
            ? new IPEndPoint(resolved[0], port)
            : throw new NvmeUsageException($"--traddr \"{address}\" does not resolve");
    }

    public NvmeHostOptions HostOptions(ParseResult parse)
    {
        var hostNqn = parse.GetValue(HostNqn);
        if (hostNqn is null)
        {
            var file = new ConfigDir(parse.GetValue(ConfigDir)!).HostNqnFile;
            hostNqn = File.Exists(file) ? File.ReadAllText(file).Trim() : null;
        }
        return new NvmeHostOptions
        {
            HostNqn = hostNqn,
            HeaderDigest = parse.GetValue(HeaderDigest),
            DataDigest = parse.GetValue(DataDigest),
            IoQueueCount = 1,
        };
    }
}

/// <summary>Bad flags of a `dms nvme` command: one line, exit code 2.</summary>
internal sealed class NvmeUsageException(string message) : Exception(message);
