using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Common.Text;
using Lightbits.Emulator;
using Lightbits.Emulator.Api;
using Lightbits.Emulator.Hosting;

var dataDir = new Option<string>("--data-dir") { Description = "Directory for the cluster's state, keys and data", Required = true };
var servers = new Option<int>("--servers") { Description = "Number of servers (1-16)", DefaultValueFactory = _ => 3 };
var address = new Option<string>("--address") { Description = "Address every endpoint listens on", DefaultValueFactory = _ => "127.0.0.1" };
var serverAddresses = new Option<string?>("--server-addresses") { Description = "Each server on its own IPv4 address, server i on BASE+i (e.g. 127.0.0.10), all on the same ports: 443 (8443 where 443 may not be bound), 4420, 8009 unless given; replaces --address" };
var apiPort = new Option<int>("--api-port") { Description = "First server's API port (server i: port+i; with --server-addresses every server's); 0 = free ports" };
var discoveryPort = new Option<int>("--discovery-port") { Description = "First server's NVMe/TCP discovery port; 0 = free ports" };
var nvmePort = new Option<int>("--nvme-port") { Description = "First server's NVMe/TCP I/O port; 0 = free ports" };
var name = new Option<string?>("--cluster-name") { Description = "Cluster name (default lbemu-<uuid prefix>)" };
var createDelay = new Option<int>("--create-delay-ms") { Description = "Time a volume/snapshot stays Creating", DefaultValueFactory = _ => 300 };
var updateDelay = new Option<int>("--update-delay-ms") { Description = "Time a volume stays Updating", DefaultValueFactory = _ => 100 };
var deleteDelay = new Option<int>("--delete-delay-ms") { Description = "Time a volume/snapshot stays Deleting", DefaultValueFactory = _ => 300 };
var etagStatus = new Option<int>("--etag-mismatch-status") { Description = "Status for an If-Match mismatch: 400 (grpc-gateway >= 1.9.5, what real clusters answer) or 412 (documented)", DefaultValueFactory = _ => 400 };
var capacity = new Option<string?>("--capacity") { Description = "Physical capacity for volume data, e.g. \"8 GiB\" (default unlimited)" };
var storage = new Option<string>("--storage") { Description = "Where volume data lives: file (in the data dir, survives restarts) or memory (RAM only, for benchmarks and throw-away runs)", DefaultValueFactory = _ => "file" };
var notFoundAfterCreate = new Option<int>("--not-found-after-create-ms") { Description = "A GET of a volume or snapshot answers 404 for this long after its create (as reads lagging a create do)" };
var certificatePerServer = new Option<bool>("--certificate-per-server") { Description = "Give every server a TLS certificate of its own (as some installs have)" };
var emitDefaults = new Option<bool>("--emit-defaults") { Description = "Write zero values (false, 0, \"\", [], null) into responses instead of leaving them out as real clusters do" };
var changedBlocksEncoding = new Option<string>("--changed-blocks-encoding") { Description = "Changed-blocks bitmaps: lsb (sectors, least significant bit first; what DMS assumes), msb, lsb-4k or msb-4k (4 KiB units)", DefaultValueFactory = _ => "lsb" };
var changedBlocksSinceCreation = new Option<bool>("--changed-blocks-since-creation") { Description = "A snapshot's changed blocks without a base list only what its volume wrote since it was created (a clone's inherited blocks are left out)" };

var serve = new Command("serve", "Run an emulated Lightbits cluster")
{
    dataDir, servers, address, serverAddresses, apiPort, discoveryPort, nvmePort, name, createDelay, updateDelay, deleteDelay, etagStatus, capacity, storage, certificatePerServer, emitDefaults, notFoundAfterCreate,
    changedBlocksEncoding, changedBlocksSinceCreation,
};
serve.SetAction(async (parse, ct) =>
{
    var problems = new List<string>();
    var serverCount = parse.GetValue(servers);
    if (serverCount is < 1 or > 16) problems.Add($"--servers {serverCount} must be 1-16");
    var addressText = parse.GetValue(address)!;
    if (!IPAddress.TryParse(addressText, out _)) problems.Add($"--address \"{addressText}\" is not an IP address");
    var serverAddressBase = parse.GetValue(serverAddresses);
    if (serverAddressBase is not null && ServerAddressing.Problem(serverAddressBase, serverCount) is { } addressProblem) problems.Add(addressProblem);
    foreach (var option in new[] { apiPort, discoveryPort, nvmePort })
    {
        if (parse.GetValue(option) is < 0 or > 65535) problems.Add($"{option.Name} {parse.GetValue(option)} must be 0-65535");
    }
    foreach (var option in new[] { createDelay, updateDelay, deleteDelay, notFoundAfterCreate })
    {
        if (parse.GetValue(option) < 0) problems.Add($"{option.Name} {parse.GetValue(option)} must not be negative");
    }
    if (parse.GetValue(etagStatus) is not (400 or 412)) problems.Add($"--etag-mismatch-status {parse.GetValue(etagStatus)} must be 400 or 412");
    long? capacityBytes = null;
    if (parse.GetValue(capacity) is { } capacityText)
    {
        if (SizeParser.TryParse(capacityText, out var bytes, out var error)) capacityBytes = (long)bytes;
        else problems.Add($"--capacity: {error}");
    }
    var storageText = parse.GetValue(storage)!;
    if (storageText is not ("file" or "memory")) problems.Add($"--storage \"{storageText}\" must be file or memory");
    var encodingText = parse.GetValue(changedBlocksEncoding)!;
    if (!ChangedBlocksEncodings.ByName.ContainsKey(encodingText)) problems.Add($"--changed-blocks-encoding \"{encodingText}\" must be one of {string.Join(", ", ChangedBlocksEncodings.ByName.Keys)}");
    if (problems.Count > 0)
    {
        foreach (var problem in problems) Console.Error.WriteLine($"lbemu: {problem}");
        return 2;
    }

    var options = new EmulatorOptions
    {
        DataDir = parse.GetValue(dataDir)!,
        Servers = serverCount,
        Address = addressText,
        ServerAddressBase = serverAddressBase,
        ApiPort = parse.GetValue(apiPort),
        DiscoveryPort = parse.GetValue(discoveryPort),
        NvmePort = parse.GetValue(nvmePort),
        ClusterName = parse.GetValue(name),
        CreateDelay = TimeSpan.FromMilliseconds(parse.GetValue(createDelay)),
        UpdateDelay = TimeSpan.FromMilliseconds(parse.GetValue(updateDelay)),
        DeleteDelay = TimeSpan.FromMilliseconds(parse.GetValue(deleteDelay)),
        ETagMismatchStatus = (HttpStatusCode)parse.GetValue(etagStatus),
        CapacityBytes = capacityBytes,
        MemoryStorage = storageText == "memory",
        CertificatePerServer = parse.GetValue(certificatePerServer),
        EmitDefaults = parse.GetValue(emitDefaults),
        NotFoundAfterCreate = TimeSpan.FromMilliseconds(parse.GetValue(notFoundAfterCreate)),
        ChangedBlocksEncoding = ChangedBlocksEncodings.ByName.GetValueOrDefault(encodingText),
        ChangedBlocksSinceCreation = parse.GetValue(changedBlocksSinceCreation),
    };

    // Signal handlers can still be running after this scope ends (disposing a registration does not
    // wait for a handler in flight; one that cancelled a disposed token source aborted lbemu with
    // exit 134), so what they touch is nothing disposable.
    var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stopRequested.TrySetResult(); });
    using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stopRequested.TrySetResult(); });
    await using var host = new EmulatorHost(options);
    try
    {
        var report = await host.StartAsync();
        Console.Out.WriteLine(JsonSerializer.Serialize(report));
        Console.Out.Flush();
    }
    catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or JsonException)
    {
        Console.Error.WriteLine($"lbemu: cannot start: {e.Message}");
        return 1;
    }
    try
    {
        await stopRequested.Task.WaitAsync(ct);
    }
    catch (OperationCanceledException)
    {
        // The command line's own termination handling cancelled the action: stop cleanly as well.
    }
    return 0;
});

var root = new RootCommand("lbemu: an emulated Lightbits cluster (REST v2 API and NVMe/TCP) for tests and demos") { serve };
return await root.Parse(args).InvokeAsync();
