using Dms.Contracts.Workflows;
using Dms.Workflows;
using Dms.Workflows.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Dms.Service.Api;

/// <summary>
/// The <c>state</c> and <c>type</c> filters of the workflow list: comma-separated (or repeated)
/// names, matched without regard to case, so <c>?state=running,failed</c> works as typed; an
/// unknown name is a 400 naming the parameter, the value and the names there are.
/// </summary>
internal static class WorkflowListFilter
{
    private static readonly WorkflowState[] s_states = Enum.GetValues<WorkflowState>();

    public static WorkflowFilter From(IQueryCollection query) => new(
        Names(query[WorkflowListQuery.State]).Select(ParseState).Distinct().ToList(),
        Names(query[WorkflowListQuery.Type]).Select(ParseType).Distinct().ToList());

    private static IEnumerable<string> Names(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private static WorkflowState ParseState(string name) =>
        s_states.Where(s => string.Equals(s.ToWireName(), name, StringComparison.OrdinalIgnoreCase)).Select(s => (WorkflowState?)s).FirstOrDefault()
            ?? throw ApiException.InvalidArgument(
                $"{WorkflowListQuery.State} '{name}' is not a workflow state; use one or more of {string.Join(", ", s_states.Select(s => s.ToWireName()))}");

    private static string ParseType(string name) =>
        WorkflowTypes.All.FirstOrDefault(t => string.Equals(t, name, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiException.InvalidArgument(
                $"{WorkflowListQuery.Type} '{name}' is not a workflow type; use one or more of {string.Join(", ", WorkflowTypes.All)}");
}
