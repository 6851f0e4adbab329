using System.Net;
using System.Net.Sockets;
using Lightbits.Emulator.Hosting;

namespace Lightbits.Emulator.Tests.Hosting;

public sealed class PortAllocatorTests
{
    [SkippableFact]
    public void FreePort_LiesBelowTheEphemeralRange_WhereOutgoingConnectionsCannotTakeIt_AndCanBeBound()
    {
        var ephemeralStart = PortAllocator.EphemeralRangeStart();
        Skip.If(ephemeralStart is null or <= 11000, $"the ephemeral port range starts at {ephemeralStart?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown port"}, leaving no room below it");

        for (var i = 0; i < 20; i++)
        {
            var port = PortAllocator.FreePort(IPAddress.Loopback);
            Assert.InRange(port, 10000, ephemeralStart!.Value - 1);
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
    }
}
