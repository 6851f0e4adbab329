using System.Text.RegularExpressions;

namespace Dms.Cli.Views;

/// <summary>
/// A failed workflow's msg taken apart: which step, which side (source cluster, destination
/// cluster, invalid input, or DMS itself), after how many tries, and the cluster's or DMS's own words.
/// The engine writes "step 'copy' failed (destination cluster) after 6 attempts without progress: …";
/// any other msg (a cancel, a failed cleanup) is kept whole as the message. A cluster's refusal
/// carries its HTTP status ("400 BadRequest"), which is the code an operator looks up.
/// </summary>
internal sealed partial record WorkflowFailure(string? Step, string? Side, string? Retries, string Message)
{
    /// <summary>"400 BadRequest" when a cluster answered with an error status; null for DMS's own failures.</summary>
    public string? Code => HttpStatus().Match(Message) is { Success: true } match ? match.Groups["code"].Value : null;

    public static WorkflowFailure? Of(Dms.Contracts.Workflows.Workflow workflow)
    {
        if (string.IsNullOrEmpty(workflow.Msg) || workflow.State is not ("FAILED" or "CANCELED"))
        {
            return null;
        }

        var match = StepMessage().Match(workflow.Msg);
        return match.Success
            ? new WorkflowFailure(match.Groups["step"].Value, match.Groups["side"].Success ? match.Groups["side"].Value : "DMS",
                match.Groups["retries"].Success ? match.Groups["retries"].Value : null, match.Groups["message"].Value)
            : new WorkflowFailure(null, null, null, workflow.Msg);
    }

    /// <summary>"copy@dst: creating volume …": one short line for a list.</summary>
    public string Short => Step is null ? Message : $"{Step}@{ShortSide}: {Message}";

    private string? ShortSide => Side switch
    {
        "source cluster" => "src",
        "destination cluster" => "dst",
        "invalid input" => "input",
        _ => Side,
    };

    [GeneratedRegex(@": (?<code>[1-5]\d\d [A-Za-z]+): ")]
    private static partial Regex HttpStatus();

    [GeneratedRegex(@"^(?:step|compensation of) '(?<step>[^']+)' failed(?: \((?<side>[^)]*)\))?(?: (?<retries>after [^:]*))?: (?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex StepMessage();
}
