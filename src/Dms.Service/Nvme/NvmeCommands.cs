using System.CommandLine;
using System.Globalization;
using System.Text;
using Common.Text;
using NvmeTcp.Host;
using NvmeTcp.Nvme;

namespace Dms.Service.Nvme;

/// <summary>
/// `dms nvme discover|identify|read|write`: checks of a DMS host's data path against any NVMe/TCP
/// target, with the userspace host DMS copies with (no kernel module, no root).
/// </summary>
internal static class NvmeCommands
{
    public static Command Create()
    {
        var nvme = new Command("nvme", "Check this host's NVMe/TCP data path (nvme-cli style flags)");
        nvme.Subcommands.Add(Discover());
        nvme.Subcommands.Add(Identify());
        nvme.Subcommands.Add(Read());
        nvme.Subcommands.Add(Write());
        return nvme;
    }

    private static Command Discover()
    {
        var target = new NvmeTargetOptions();
        var command = new Command("discover", "Read a discovery controller's log page (default port 8009)");
        target.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var log = await NvmeTcpHost.DiscoverAsync(await target.EndPointAsync(parse, ct), target.HostOptions(parse), ct);
            Console.Out.Write(DiscoveryText.Format(log));
        }));
        return command;
    }

    private static Command Identify()
    {
        var target = new NvmeTargetOptions();
        var nqn = new Option<string>("--nqn", "-n") { Description = "Subsystem NQN", Required = true };
        var nsid = new Option<uint?>("--nsid") { Description = "Only this namespace" };
        var command = new Command("identify", "Connect to a subsystem and show the controller and its namespaces") { nqn, nsid };
        target.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            await using var controller = await NvmeTcpHost.ConnectAsync(await target.EndPointAsync(parse, ct), parse.GetValue(nqn)!, target.HostOptions(parse), ct);
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"subnqn  : {controller.SubsystemNqn}\nmn      : {controller.ModelNumber}\nsn      : {controller.SerialNumber}\ncntlid  : {controller.ControllerId}\nmdts    : {(controller.MaxTransferBytes == 0 ? "unlimited" : Human.Size((ulong)controller.MaxTransferBytes))}\n");
            var namespaces = parse.GetValue(nsid) is { } one ? [one] : await controller.GetActiveNamespaceIdsAsync(ct);
            var ana = controller.ReportsAna ? await controller.GetAnaGroupsAsync(ct) : [];
            foreach (var id in namespaces)
            {
                var info = await controller.IdentifyNamespaceAsync(id, ct);
                if (info.BlockCount == 0)
                {
                    throw new NvmeException(NvmeErrorKind.CommandFailed, $"namespace {id} is not active for this host", NvmeStatus.InvalidNamespace);
                }
                var state = ana.FirstOrDefault(g => g.NamespaceIds.Contains(id))?.State.ToString().ToLowerInvariant() ?? "n/a";
                text.Append(CultureInfo.InvariantCulture, $"nsid {id,-4}: uuid {info.Uuid}  size {Human.Size((ulong)info.CapacityBytes)} ({info.CapacityBytes} bytes)  lba {info.BlockSize}  ana {state}\n");
            }
            Console.Out.Write(text.ToString());
        }));
        return command;
    }

    private static Command Read()
    {
        var target = new NvmeTargetOptions();
        var (nqn, nsid, offset) = DataFlags();
        var length = new Option<string>("--length") { Description = "Bytes to read (sector multiple; units allowed)", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the data to FILE (default: standard output)" };
        var command = new Command("read", "Read bytes from a namespace") { nqn, nsid, offset, length, output };
        target.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var start = ParseSize(parse.GetValue(offset)!, "--offset");
            var count = ParseSize(parse.GetValue(length)!, "--length");
            if (count > int.MaxValue)
            {
                throw new NvmeUsageException($"--length {count} is too large for one read (at most {int.MaxValue} bytes)");
            }
            await using var device = await NvmeTcpHost.OpenBlockDeviceAsync(await target.EndPointAsync(parse, ct), parse.GetValue(nqn)!, parse.GetValue(nsid), target.HostOptions(parse), ct);
            CheckRange(device, start, count);
            var data = new byte[count];
            await device.ReadAsync(start, data, ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file.FullName, data, ct);
                Console.Error.WriteLine($"read {count} bytes at offset {start} into {file.FullName}");
            }
            else
            {
                await using var stdout = Console.OpenStandardOutput();
                await stdout.WriteAsync(data, ct);
            }
        }));
        return command;
    }

    private static Command Write()
    {
        var target = new NvmeTargetOptions();
        var (nqn, nsid, offset) = DataFlags();
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Read the data from FILE (default: standard input); its length must be a sector multiple" };
        var command = new Command("write", "Write bytes to a namespace (flushed before it returns)") { nqn, nsid, offset, input };
        target.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var start = ParseSize(parse.GetValue(offset)!, "--offset");
            byte[] data;
            if (parse.GetValue(input) is { } file)
            {
                data = file.Exists ? await File.ReadAllBytesAsync(file.FullName, ct) : throw new NvmeUsageException($"--input \"{file.FullName}\" not found");
            }
            else
            {
                using var buffer = new MemoryStream();
                await using var stdin = Console.OpenStandardInput();
                await stdin.CopyToAsync(buffer, ct);
                data = buffer.ToArray();
            }
            await using var device = await NvmeTcpHost.OpenBlockDeviceAsync(await target.EndPointAsync(parse, ct), parse.GetValue(nqn)!, parse.GetValue(nsid), target.HostOptions(parse), ct);
            CheckRange(device, start, data.Length);
            await device.WriteAsync(start, data, ct);
            await device.FlushAsync(ct);
            Console.Error.WriteLine($"wrote {data.Length} bytes at offset {start}");
        }));
        return command;
    }

    private static (Option<string> Nqn, Option<uint> Nsid, Option<string> Offset) DataFlags() => (
        new Option<string>("--nqn", "-n") { Description = "Subsystem NQN", Required = true },
        new Option<uint>("--nsid") { Description = "Namespace ID", Required = true },
        new Option<string>("--offset") { Description = "Byte offset (sector multiple; units allowed, e.g. 1mib)", DefaultValueFactory = _ => "0" });

    private static long ParseSize(string text, string flag) =>
        SizeParser.TryParse(text, out var bytes, out var error) ? (long)bytes : throw new NvmeUsageException($"{flag}: {error}");

    private static void CheckRange(NvmeBlockDevice device, long offset, long length)
    {
        if (offset % device.SectorSize != 0 || length % device.SectorSize != 0 || length == 0)
        {
            throw new NvmeUsageException($"offset {offset} and length {length} must be non-zero multiples of the namespace's {device.SectorSize}-byte sectors");
        }
        if (offset + length > device.Capacity)
        {
            throw new NvmeUsageException($"offset {offset} + length {length} is past the namespace's end ({device.Capacity} bytes)");
        }
    }

    private static async Task<int> RunAsync(Func<Task> body)
    {
        try
        {
            await body();
            return 0;
        }
        catch (NvmeUsageException e)
        {
            Console.Error.WriteLine($"dms nvme: {e.Message}");
            return 2;
        }
        catch (NvmeException e)
        {
            Console.Error.WriteLine($"dms nvme: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or TimeoutException)
        {
            Console.Error.WriteLine($"dms nvme: cannot reach the target: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
