using System.Net;
using System.Net.Sockets;

namespace Dms.Workflows.Errors;

/// <summary>How the engine judges an exception a step threw.</summary>
internal sealed record StepFailure(string Message, string? Origin, bool IsRetryable, TimeSpan? NextRetryDelay)
{
    public static StepFailure Classify(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is WorkflowStepException step)
            {
                return new StepFailure(step.Message, step.Origin, step.IsRetryable, step.NextRetryDelay);
            }
        }

        return new StepFailure(exception.Message, null, IsRetryableByType(exception), null);
    }

    /// <summary>"(destination cluster)"-style suffix for messages; nothing when the failure has no origin.</summary>
    public string Where => Origin is null ? "" : $" ({Origin})";

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
