using System.Text.Json;
using System.Text.Json.Serialization;
using Dms.Contracts.Auth;
using Dms.Contracts.Cloning;
using Dms.Contracts.Clusters;
using Dms.Contracts.Errors;
using Dms.Contracts.Workflows;

namespace Dms.Contracts.Json;

/// <summary>
/// Wire format of API v1 (spec §1): lowerCamelCase, enums as strings, absent optionals omitted,
/// 64-bit integers as strings (per property). Requests refuse unknown fields (per type).
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(ServiceCredentials))]
[JsonSerializable(typeof(ClusterList))]
[JsonSerializable(typeof(AttachClusterRequest))]
[JsonSerializable(typeof(RefreshClustersRequest))]
[JsonSerializable(typeof(WorkflowIdResponse))]
[JsonSerializable(typeof(EmptyMessage))]
[JsonSerializable(typeof(WorkflowList))]
[JsonSerializable(typeof(WorkflowResponse))]
[JsonSerializable(typeof(ThickCloneRequest))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(ThickClonePlan))]
[JsonSerializable(typeof(ClusterSnapshotList))]
public sealed partial class DmsJsonContext : JsonSerializerContext;
