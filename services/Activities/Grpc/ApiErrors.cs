using Grpc.Core;
using SalesMesh.Activities.Domain;

namespace SalesMesh.Activities.Grpc;

/// <summary>The recurring refusals of the Activities API, worded once.</summary>
public static class ApiErrors
{
    public static RpcException StaleVersion(ServerCallContext context, int expected, int actual) =>
        new ApiError(StatusCode.Aborted, "concurrency.stale_version",
            new BilingualText($"数据已被他人修改（你基于版本 {expected}，当前版本 {actual}），请刷新后重试",
                $"The data was changed by someone else (you based your change on version {expected}, it is now {actual}); reload and retry"),
            []).ToRpcException(context);

    public static RpcException ChangedConcurrently(ServerCallContext context) =>
        new ApiError(StatusCode.Aborted, "concurrency.conflict",
            new BilingualText("数据刚被他人修改，请刷新后重试", "The data was just changed by someone else; reload and retry"), []).ToRpcException(context);

    public static RpcException SupervisorOnly(ServerCallContext context) =>
        new ApiError(StatusCode.PermissionDenied, "permission.supervisor_required",
            new BilingualText("只有主管或管理员可以执行此操作", "Only supervisors and admins may do this"), []).ToRpcException(context);

    /// <summary>Global configuration (rule sets, playbooks) is the admin's (PRODUCT §2 "admin configures rules").</summary>
    public static RpcException AdminOnly(ServerCallContext context) =>
        new ApiError(StatusCode.PermissionDenied, "permission.admin_required",
            new BilingualText("只有管理员可以修改全局配置（规则集、阶段行动手册）", "Only admins may change global configuration (rule sets, stage playbooks)"),
            []).ToRpcException(context);

    public static RpcException Invalid(ServerCallContext context, string field, string reason, string zh, string en) =>
        ApiError.Invalid(field, reason, zh, en).ToRpcException(context);

    /// <summary>Parses a typed id's UUID text; INVALID_ARGUMENT naming the field when missing or malformed.</summary>
    public static Guid RequireId(ServerCallContext context, string? value, string field)
    {
        if (Guid.TryParse(value, out var id) && id != Guid.Empty)
        {
            return id;
        }
        throw Invalid(context, field, "invalid_id", $"{field} 必须是有效的 UUID", $"{field} must be a valid UUID");
    }
}
