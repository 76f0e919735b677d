using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Contracts.Events;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Routing;
using SalesMesh.LeadRouting.Data;
using SalesMesh.LeadRouting.Domain.Common;
using RosterCoverage = SalesMesh.LeadRouting.Domain.Routing.RosterCoverage;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.LeadRouting.Grpc;

public sealed partial class LeadRoutingGrpcService
{
    private const int MaxListItems = 50;

    /// <summary>LR-10: create (expected_version 0) or change a roster entry; publishes RosterChanged.</summary>
    public override async Task<UpsertRepResponse> UpsertRep(UpsertRepRequest request, ServerCallContext context)
    {
        var caller = RequireRosterManager(context);
        var rep = request.Rep ?? throw RpcErrors.InvalidArgument(context, "rep", "缺少销售信息", "The rep is required");
        RequireOwnTeam(context, caller, Blank(rep.TeamId));
        var violations = new List<FieldViolation>();
        var userId = rep.UserId?.Value?.Trim() ?? "";
        if (userId.Length is 0 or > 64)
            violations.Add(new("rep.userId.value", "REQUIRED", new("用户 ID 须为 1–64 个字符", "The user id must be 1–64 characters")));
        if (string.IsNullOrWhiteSpace(rep.DisplayName) || rep.DisplayName.Length > 100)
            violations.Add(new("rep.displayName", "REQUIRED", new("姓名须为 1–100 个字符", "The display name must be 1–100 characters")));
        if (rep.Capacity is < 1 or > 10_000)
            violations.Add(new("rep.capacity", "OUT_OF_RANGE", new("容量须在 1–10000 之间", "The capacity must be 1–10,000")));
        CheckNames(rep.Territories, "rep.territories", violations);
        CheckNames(rep.Qualifications, "rep.qualifications", violations);
        if (request.ExpectedVersion < 0)
            violations.Add(new("expectedVersion", "OUT_OF_RANGE", new("版本号不能为负数", "The version cannot be negative")));
        var shift = RosterMapper.ToSchedule(rep.Shift, "rep.shift", violations);
        var backup = Blank(rep.Backup?.Value);
        var supervisor = Blank(rep.Supervisor?.Value);
        var teamId = Blank(rep.TeamId);
        if (backup is not null && backup == userId)
            violations.Add(new("rep.backup.value", "SELF_BACKUP", new("备份人不能是本人", "A rep cannot be their own backup")));
        else if (backup is not null && !await db.Reps.AnyAsync(r => r.UserId == backup && r.Active, context.CancellationToken))
            violations.Add(new("rep.backup.value", "UNKNOWN_REP", new("备份人不在花名册中（或已停用）", "The backup is not an active rep on the roster")));
        if (violations.Count > 0)
            throw RpcErrors.InvalidArgument(context, new("销售信息无效。", "The roster entry is invalid."), violations);

        var now = time.GetUtcNow();
        var saved = await SaveRosterAsync(context, (db, ct) => RosterTransactionAsync(db, async () =>
        {
            var stored = await db.Reps.SingleOrDefaultAsync(r => r.UserId == userId, ct);
            if (stored is not null)
                RequireOwnTeam(context, caller, stored.TeamId); // moving another team's rep into one's own is not one's own to do
            if ((stored?.Version ?? 0) != request.ExpectedVersion)
                throw RpcErrors.Aborted(context, $"花名册条目已被修改（当前版本 {stored?.Version ?? 0}），请刷新后重试。",
                    $"The roster entry changed meanwhile (current version {stored?.Version ?? 0}); reload and retry.");
            if (stored is null)
            {
                stored = new RepRecord { UserId = userId, DisplayName = rep.DisplayName.Trim() };
                db.Reps.Add(stored);
            }
            stored.DisplayName = rep.DisplayName.Trim();
            stored.TeamId = teamId;
            stored.SupervisorUserId = supervisor;
            stored.Territories = [.. rep.Territories.Select(t => t.Trim()).Distinct()];
            stored.Qualifications = [.. rep.Qualifications.Select(q => q.Trim()).Distinct()];
            stored.Capacity = rep.Capacity;
            stored.Shift = shift is null ? null : DomainJson.Serialize(shift);
            stored.BackupUserId = backup;
            stored.Active = true;
            stored.Version = request.ExpectedVersion + 1;
            stored.UpdatedAt = now;
            await RequireCoverageAsync(db, context, stored, "rep.qualifications", ct);
            db.EnqueueEvent(new RosterChanged(stored.UserId, stored.DisplayName, stored.TeamId, stored.SupervisorUserId, true, stored.Version, now));
            return stored;
        }, ct));
        return new UpsertRepResponse { Rep = RosterMapper.ToProto(saved) };
    }

    public override async Task<ListRosterResponse> ListRoster(ListRosterRequest request, ServerCallContext context)
    {
        RequireRosterManager(context);
        var reps = await RosterLoader.LoadRosterAsync(db, context.CancellationToken);
        var response = new ListRosterResponse();
        response.Reps.Add(reps.Where(r => request.IncludeInactive || r.Active).Select(RosterMapper.ToProto));
        return response;
    }

    /// <summary>LR-10: no new leads for this rep; open leads stay until reassigned. Publishes RosterChanged.</summary>
    public override async Task<DeactivateRepResponse> DeactivateRep(DeactivateRepRequest request, ServerCallContext context)
    {
        var caller = RequireRosterManager(context);
        var userId = request.UserId?.Value ?? "";
        var saved = await SaveRosterAsync(context, (db, ct) => RosterTransactionAsync(db, async () =>
        {
            var stored = await db.Reps.SingleOrDefaultAsync(r => r.UserId == userId, ct)
                ?? throw RpcErrors.NotFound(context, "花名册中没有该销售。", "The rep is not on the roster.");
            RequireOwnTeam(context, caller, stored.TeamId);
            if (stored.Active)
            {
                var now = time.GetUtcNow();
                stored.Active = false;
                stored.Version++;
                stored.UpdatedAt = now;
                await RequireCoverageAsync(db, context, stored, "userId.value", ct);
                db.EnqueueEvent(new RosterChanged(stored.UserId, stored.DisplayName, stored.TeamId, stored.SupervisorUserId, false, stored.Version, now));
            }
            return stored;
        }, ct));
        return new DeactivateRepResponse { Rep = RosterMapper.ToProto(saved) };
    }

    private static Caller RequireRosterManager(ServerCallContext context)
    {
        var caller = context.RequireCaller();
        if (!caller.IsSupervisor)
            throw RpcErrors.PermissionDenied(context, "只有主管或管理员可以管理花名册。", "Only supervisors and admins can manage the roster.");
        return caller;
    }

    /// <summary>
    /// LR-10: a supervisor writes roster entries of their own team only (the team the entry has, and the one it
    /// would get); an admin any. A role check, so PERMISSION_DENIED: the roster is no secret to supervisors
    /// (ListRoster), only not theirs to change.
    /// </summary>
    private static void RequireOwnTeam(ServerCallContext context, Caller caller, string? teamId)
    {
        if (caller.IsAdmin || teamId == caller.TeamId)
            return;
        var (own, other) = (caller.TeamId ?? "", teamId ?? "");
        throw RpcErrors.PermissionDenied(context,
            $"主管只能维护本团队（{(own.Length > 0 ? own : "无团队")}）的销售，不能维护团队“{(other.Length > 0 ? other : "无团队")}”的花名册条目。",
            $"A supervisor can only manage reps of their own team ({(own.Length > 0 ? own : "no team")}), not roster entries of team '{(other.Length > 0 ? other : "no team")}'.");
    }

    /// <summary>
    /// Runs a roster or policy change in one transaction, under a transaction-scoped advisory lock
    /// that all of them share: two changes cannot each see "another qualified rep remains" and
    /// together leave a product line of the policy without one.
    /// </summary>
    private static async Task<T> RosterTransactionAsync<T>(LeadRoutingDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"leadrouting:roster-coverage"}))", ct);
        return await work();
    }

    /// <summary>
    /// LR-10 with LR-3: refuses (INVALID_ARGUMENT, like PutRoutingPolicy's NO_QUALIFIED_REP) a change that takes
    /// away the last active rep qualified for a product line of the current policy; <paramref name="changed"/>
    /// is the entry as it would be stored.
    /// </summary>
    private static async Task RequireCoverageAsync(LeadRoutingDbContext db, ServerCallContext context, RepRecord changed, string fieldPath, CancellationToken ct)
    {
        var policy = await RoutingPolicyStore.GetCurrentAsync(db, ct);
        if (policy.ProductLineQualifications.Count == 0)
            return;
        var roster = (await RosterLoader.LoadRosterAsync(db, ct)).Select(RosterLoader.ToProfile).ToList();
        var violations = RosterCoverage.CheckChange(policy, roster, RosterLoader.ToProfile(changed), fieldPath);
        if (violations.Count > 0)
            throw RpcErrors.InvalidArgument(context, new("该变更会使路由策略中的产品线没有合格的在职销售。",
                "This change would leave a product line of the routing policy without a qualified active rep."), violations);
    }

    /// <summary>Two saves of one entry at once: the version check in the UPDATE (or the primary key) lets one win.</summary>
    private async Task<RepRecord> SaveRosterAsync(ServerCallContext context, Func<LeadRoutingDbContext, CancellationToken, Task<RepRecord>> change)
    {
        try
        {
            return await db.InTransactionAsync(change, context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException
            || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw RpcErrors.Aborted(context, "花名册条目已被修改，请刷新后重试。", "The roster entry changed meanwhile; reload and retry.");
        }
    }

    private static void CheckNames(IList<string> names, string path, List<FieldViolation> violations)
    {
        if (names.Count > MaxListItems)
            violations.Add(new(path, "TOO_MANY", new($"最多 {MaxListItems} 项", $"At most {MaxListItems} items")));
        for (var i = 0; i < names.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Length > 50)
                violations.Add(new($"{path}[{i}]", "INVALID_NAME", new("名称须为 1–50 个字符", "A name must be 1–50 characters")));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
