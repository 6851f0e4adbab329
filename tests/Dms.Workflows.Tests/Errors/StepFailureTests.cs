using System.Net;
using System.Net.Sockets;

namespace Dms.Workflows.Tests;

public class StepFailureTests
{
    public static TheoryData<Exception, bool> Exceptions => new()
    {
        { new IOException("reset"), true },
        { new SocketException((int)SocketError.ConnectionRefused), true },
        { new TimeoutException(), true },
        { new HttpRequestException("no route"), true },
        { new HttpRequestException("busy", null, HttpStatusCode.ServiceUnavailable), true },
        { new HttpRequestException("slow down", null, HttpStatusCode.TooManyRequests), true },
        { new HttpRequestException("no such volume", null, HttpStatusCode.NotFound), false },
        { new TaskCanceledException("HttpClient.Timeout elapsed"), true },
        { new InvalidOperationException("bug"), false },
        { new ArgumentException("bad"), false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Network_and_timeout_errors_are_transient_and_others_permanent(Exception exception, bool transient)
    {
        Assert.Equal(transient, StepFailure.Classify(exception).IsRetryable);
    }

    [Fact]
    public void A_step_exception_decides_for_itself_even_when_wrapped()
    {
        var inner = WorkflowStepException.Permanent("name taken", ErrorSide.UserInput);
        var failure = StepFailure.Classify(new IOException("wrapper", inner));

        Assert.Equal(new StepFailure("name taken", ErrorSide.UserInput, false, null), failure);
    }

    [Fact]
    public void A_transient_step_exception_carries_its_retry_delay_and_side()
    {
        var failure = StepFailure.Classify(WorkflowStepException.Transient("503", ErrorSide.SourceCluster, TimeSpan.FromSeconds(7)));

        Assert.True(failure.IsRetryable);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.NextRetryDelay);
        Assert.Equal(" (source cluster)", failure.Where);
    }
}
