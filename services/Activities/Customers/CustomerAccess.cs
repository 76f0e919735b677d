using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Grpc;
using SalesMesh.Grpc;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Customers;

/// <summary>
/// Who may see a customer (and everything hanging off it: opportunities, visit records,
/// documents, cards): its owner; a supervisor of the customer's team or the owner's direct
/// supervisor (from the roster); an admin. Everyone else gets NOT_FOUND — they learn nothing,
/// not even that the customer exists. The same people read its contact details in clear.
/// </summary>
public static class CustomerAccess
{
    /// <summary>The customers <paramref name="caller"/> may see, as a composable query.</summary>
    public static IQueryable<CustomerRecord> VisibleTo(this IQueryable<CustomerRecord> customers, ActivitiesDbContext db, Caller caller)
    {
        if (caller.IsAdmin)
        {
            return customers;
        }
        if (caller.IsSupervisor)
        {
            var teamId = caller.TeamId;
            var userId = caller.UserId;
            return customers.Where(c => c.OwnerUserId == userId
                || (teamId != null && c.TeamId == teamId)
                || db.Reps.Any(r => r.UserId == c.OwnerUserId && r.SupervisorUserId == userId));
        }
        return customers.Where(c => c.OwnerUserId == caller.UserId);
    }

    /// <summary>
    /// <see cref="VisibleTo"/> as one statement of a <see cref="StatementBatch"/> (hot write paths):
    /// the customer <paramref name="customerId"/> if the caller may see it, read back with
    /// <see cref="ReadCustomerAsync"/>. The two must say the same; CustomerVisibilityTests checks
    /// both against every kind of caller.
    /// </summary>
    public static StatementBatch AddVisibleCustomer(this StatementBatch batch, Caller caller, Guid customerId)
    {
        const string select = """
            SELECT c.id, c.owner_user_id, c.team_id, c.lead_id, c.name, c.contact_name, c.contact_phone, c.contact_email,
                   c.product_tags, c.created_at, c.created_by, c.version
            FROM activities.customers c WHERE c.id = $1
            """;
        if (caller.IsAdmin)
        {
            return batch.Add(select, customerId);
        }
        if (caller.IsSupervisor)
        {
            // A null team id compares as unknown, so it matches no customer (VisibleTo's "teamId != null").
            return batch.Add(select + """
                 AND (c.owner_user_id = $2 OR c.team_id = $3::text
                      OR EXISTS (SELECT 1 FROM activities.reps r WHERE r.user_id = c.owner_user_id AND r.supervisor_user_id = $2))
                """, customerId, caller.UserId, caller.TeamId);
        }
        return batch.Add(select + " AND c.owner_user_id = $2", customerId, caller.UserId);
    }

    /// <summary>The row of <see cref="AddVisibleCustomer"/> (not tracked), or null when the caller may not see it.</summary>
    public static async Task<CustomerRecord?> ReadCustomerAsync(NpgsqlDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new CustomerRecord
        {
            Id = reader.GetGuid(0),
            OwnerUserId = reader.GetString(1),
            TeamId = reader.IsDBNull(2) ? null : reader.GetString(2),
            LeadId = reader.IsDBNull(3) ? null : reader.GetGuid(3),
            Name = reader.GetString(4),
            ContactName = reader.IsDBNull(5) ? null : reader.GetString(5),
            ContactPhone = reader.IsDBNull(6) ? null : reader.GetString(6),
            ContactEmail = reader.IsDBNull(7) ? null : reader.GetString(7),
            ProductTags = [.. reader.GetFieldValue<string[]>(8)],
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
            CreatedBy = reader.GetString(10),
            Version = reader.GetInt32(11),
        };
    }

    /// <summary>
    /// Loads a customer the caller may see (tracked, so the caller can change it), or throws
    /// NOT_FOUND in the caller's language. Use this at the top of every method taking a customer id.
    /// </summary>
    public static async Task<CustomerRecord> LoadVisibleAsync(ActivitiesDbContext db, Caller caller, Guid customerId,
        ServerCallContext context, CancellationToken ct) =>
        await db.Customers.VisibleTo(db, caller).SingleOrDefaultAsync(c => c.Id == customerId, ct)
            ?? throw NotFound(context, "customer", customerId);

    /// <summary>Whether the caller owns the customer.</summary>
    public static bool IsOwner(CustomerRecord customer, Caller caller) => customer.OwnerUserId == caller.UserId;

    /// <summary>
    /// Whether the caller reads the contact details in clear (PRODUCT §2 "a supervisor sees their team", the
    /// rule LeadRouting applies to leads): the owner, a supervisor of the customer's team or the owner's
    /// direct supervisor (<paramref name="supervisesOwner"/>, from the roster), an admin. Today that is
    /// everyone <see cref="VisibleTo"/> lets see the customer at all; anyone else would get the masked form.
    /// </summary>
    public static bool SeesContactsInFull(CustomerRecord customer, Caller caller, bool supervisesOwner) =>
        caller.IsAdmin
        || IsOwner(customer, caller)
        || (caller.IsSupervisor && ((caller.TeamId != null && customer.TeamId == caller.TeamId) || supervisesOwner));

    /// <summary>Those of <paramref name="ownerIds"/> whose roster entry names the caller as their direct supervisor.</summary>
    public static async Task<IReadOnlySet<string>> DirectReportsAmongAsync(ActivitiesDbContext db, Caller caller,
        IEnumerable<string> ownerIds, CancellationToken ct)
    {
        if (!caller.IsSupervisor || caller.IsAdmin)
        {
            return new HashSet<string>();
        }
        var owners = ownerIds.Where(o => o != caller.UserId).Distinct().ToList();
        if (owners.Count == 0)
        {
            return new HashSet<string>();
        }
        var userId = caller.UserId;
        return (await db.Reps.AsNoTracking().Where(r => owners.Contains(r.UserId) && r.SupervisorUserId == userId)
            .Select(r => r.UserId).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>The one NOT_FOUND every Activities method uses for an object the caller cannot see or that does not exist.</summary>
    public static RpcException NotFound(ServerCallContext context, string resourceType, Guid id) =>
        RpcExceptions.NotFound(RequestLanguage.Pick(context, NotFoundZh(resourceType), NotFoundEn(resourceType)), resourceType, id.ToString());

    private static string NotFoundZh(string resourceType) => resourceType switch
    {
        "customer" => "客户不存在",
        "opportunity" => "商机不存在",
        "visitRecord" => "拜访纪要不存在",
        "flag" => "提醒不存在",
        _ => "对象不存在",
    };

    private static string NotFoundEn(string resourceType) => resourceType switch
    {
        "customer" => "Customer not found",
        "opportunity" => "Opportunity not found",
        "visitRecord" => "Visit record not found",
        "flag" => "Flag not found",
        _ => "Not found",
    };
}
