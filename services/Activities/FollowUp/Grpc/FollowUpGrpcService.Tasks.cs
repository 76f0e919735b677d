using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.FollowUp.Common;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.FollowUp.Grpc;

public sealed partial class FollowUpGrpcService
{
    public const string PresalesRole = CallerRoles.Presales;

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        Guid? customerId = request.CustomerId is null || string.IsNullOrEmpty(request.CustomerId.Value)
            ? null : FollowUpErrors.RequireId(context, request.CustomerId.Value, "customer_id.value");
        var tasks = await VisibleTasks(caller)
            .Where(t => (request.IncludeCompleted || t.CompletedAt == null) && (customerId == null || t.CustomerId == customerId))
            .OrderBy(t => t.CompletedAt != null).ThenBy(t => t.DueAt)
            .Take(500)
            .ToListAsync(context.CancellationToken);
        var response = new ListTasksResponse();
        response.Tasks.AddRange(tasks.Select(FollowUpMapping.Task));
        return response;
    }

    public override async Task<CompleteTaskResponse> CompleteTask(CompleteTaskRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var taskId = FollowUpErrors.RequireId(context, request.TaskId, "task_id");
        CheckLength(context, request.Note, MaxNoteLength, "note");
        var completed = await db.InTransactionAsync(async (_, ct) =>
        {
            var task = await VisibleTasks(caller).AsTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct)
                ?? throw FollowUpErrors.NotFound(context, "task", taskId.ToString());
            if (task.CompletedAt is not null)
            {
                throw FollowUpErrors.FailedPrecondition(context, new("task.already_completed", "", new("该任务已完成", "This task is already completed")));
            }
            task.CompletedAt = clock.GetUtcNow();
            task.CompletedBy = caller.UserId;
            task.CompletionNote = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
            return task;
        }, context.CancellationToken);
        return new CompleteTaskResponse { Task = FollowUpMapping.Task(completed) };
    }

    /// <summary>Presales tasks for presales people, plus every task of a customer the caller may see.</summary>
    private IQueryable<FollowUpTaskRecord> VisibleTasks(Caller caller)
    {
        bool presales = caller.IsInRole(PresalesRole);
        var visibleCustomers = db.Customers.VisibleTo(db, caller).Select(c => c.Id);
        return db.Set<FollowUpTaskRecord>().AsNoTracking()
            .Where(t => (presales && t.AssigneeRole == PresalesRole) || visibleCustomers.Contains(t.CustomerId));
    }
}
