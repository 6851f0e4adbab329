namespace Dms.Contracts.Workflows;

/// <summary>What every workflow-starting route answers.</summary>
public sealed record WorkflowIdResponse(string WorkflowId);

/// <summary>The <c>{}</c> body of cancel and detach (request and response).</summary>
[System.Text.Json.Serialization.JsonUnmappedMemberHandling(System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow)]
public sealed record EmptyMessage;
