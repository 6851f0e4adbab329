using System.Net;
using System.Net.Sockets;

namespace Dms.Workflows;

/// <summary>How the engine judges an exception a step threw.</summary>
internal sealed record StepFailure(string Message, ErrorSide Side, bool IsRetryable, TimeSpan? NextRetryDelay)
{
    public static StepFailure Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is WorkflowStepException step)
            {
                return new StepFailure(step.Message, step.Side, step.IsRetryable, step.NextRetryDelay);
            }
        }

        return new StepFailure(exception.Message, ErrorSide.Dms, IsRetryableByType(exception), null);
    }

    /// <summary>"(destination cluster)"-style suffix for messages; nothing for DMS itself.</summary>
    public string Where => Side switch
    {
        ErrorSide.SourceCluster => " (source cluster)",
        ErrorSide.DestinationCluster => " (destination cluster)",
        ErrorSide.UserInput => " (invalid input)",
        _ => "",
    };

    private static bool IsRetryableByType(Exception exception) => exception switch
    {
        // A 4xx other than timeout/throttling will fail the same way again.
        HttpRequestException { StatusCode: { } status } => (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        // Reached only when none of the engine's tokens fired, e.g. HttpClient.Timeout.
        OperationCanceledException => true,
        AggregateException { InnerExceptions: [var single] } => IsRetryableByType(single),
        _ => false,
    };
}
