using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SalesMesh.Gateway.Data;
using SalesMesh.Gateway.Transcoding;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Gateway.Auth;

public sealed record CreateUserRequest(string? UserName, string? DisplayName, string? Password, string[]? Roles, string? TeamId, Guid? SupervisorId);

public sealed record UpdateUserRequest(string? DisplayName, string[]? Roles, string? TeamId, Guid? SupervisorId, bool? Disabled);

public sealed record SetPasswordRequest(string? Password);

public sealed record CreatedUser(UserView User, string? InitialPassword);

/// <summary>
/// The built-in store's administration (role admin only): list, create, update, reset password.
/// This is the gateway's own data, so the gateway makes these authorization decisions itself.
/// </summary>
public static partial class UserAdminEndpoints
{
    public const string AdminPolicy = "admin";
    public const int MinPasswordLength = 10;

    public static IEndpointRouteBuilder MapUserAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/v1/admin/users").RequireAuthorization(AdminPolicy);
        users.MapGet("/", async (GatewayDbContext db, CancellationToken ct) =>
            Results.Ok((await db.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct)).Select(UserView.Of)));
        users.MapPost("/", CreateAsync);
        users.MapPut("/{id:guid}", UpdateAsync);
        users.MapPost("/{id:guid}/password", SetPasswordAsync);
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, GatewayDbContext db, IPasswordHasher<UserRecord> hasher, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateUserRequest>(http);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var userName = SignInService.Normalize(request!.UserName ?? "");
        if (!UserNamePattern().IsMatch(userName))
            errors["userName"] = [Problems.Text(http, "用户名为 3–64 个字符：小写字母、数字和 . _ @ -。", "User names are 3–64 characters: lower-case letters, digits and . _ @ -.")];
        ValidateDisplayName(http, request.DisplayName, errors);
        ValidateRoles(http, request.Roles, errors);
        if (request.Password is not null && request.Password.Length < MinPasswordLength)
            errors["password"] = [PasswordTooShort(http)];
        await ValidateSupervisorAsync(http, db, request.SupervisorId, errors);
        if (errors.Count > 0)
            return Problems.BadInput(http, errors);

        var initial = request.Password is null ? AdminSeeder.NewPassword() : null;
        var user = new UserRecord
        {
            Id = Guid.NewGuid(),
            UserName = userName,
            DisplayName = request.DisplayName!.Trim(),
            PasswordHash = "",
            Roles = [.. request.Roles!.Distinct()],
            TeamId = string.IsNullOrWhiteSpace(request.TeamId) ? null : request.TeamId.Trim(),
            SupervisorId = request.SupervisorId,
            CreatedAt = time.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, request.Password ?? initial!);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(http.RequestAborted);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Status(http, StatusCodes.Status409Conflict, Problems.Text(http, $"用户名“{userName}”已存在。", $"The user name '{userName}' is taken."));
        }
        return Results.Created($"/api/v1/admin/users/{user.Id}", new CreatedUser(UserView.Of(user), initial));
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, Guid id, GatewayDbContext db)
    {
        var (request, problem) = await JsonBody.ReadAsync<UpdateUserRequest>(http);
        if (problem is not null)
            return problem;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null)
            return Problems.Status(http, StatusCodes.Status404NotFound, Problems.Text(http, "用户不存在。", "No such user."));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateDisplayName(http, request!.DisplayName, errors);
        ValidateRoles(http, request.Roles, errors);
        if (request.SupervisorId == id)
            errors["supervisorId"] = [Problems.Text(http, "不能把用户设为自己的主管。", "A user cannot supervise themselves.")];
        else
            await ValidateSupervisorAsync(http, db, request.SupervisorId, errors);
        if (errors.Count > 0)
            return Problems.BadInput(http, errors);

        user.DisplayName = request.DisplayName!.Trim();
        user.Roles = [.. request.Roles!.Distinct()];
        user.TeamId = string.IsNullOrWhiteSpace(request.TeamId) ? null : request.TeamId.Trim();
        user.SupervisorId = request.SupervisorId;
        user.Disabled = request.Disabled ?? user.Disabled;
        await db.SaveChangesAsync(http.RequestAborted);
        return Results.Ok(UserView.Of(user));
    }

    private static async Task<IResult> SetPasswordAsync(HttpContext http, Guid id, GatewayDbContext db, IPasswordHasher<UserRecord> hasher, TimeProvider time)
    {
        var (request, problem) = await JsonBody.ReadAsync<SetPasswordRequest>(http);
        if (problem is not null)
            return problem;
        if (request!.Password is null || request.Password.Length < MinPasswordLength)
            return Problems.BadInput(http, "password", PasswordTooShort(http));
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, http.RequestAborted);
        if (user is null)
            return Problems.Status(http, StatusCodes.Status404NotFound, Problems.Text(http, "用户不存在。", "No such user."));
        user.PasswordHash = hasher.HashPassword(user, request.Password);
        user.FailedSignIns = 0;
        user.LockedUntil = null;
        await db.SaveChangesAsync(http.RequestAborted);
        // A reset ends every session of the old password.
        var now = time.GetUtcNow();
        await db.RefreshTokens.Where(t => t.UserId == id && t.RevokedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.RevokedAt, now), http.RequestAborted);
        return Results.NoContent();
    }

    private static void ValidateDisplayName(HttpContext http, string? displayName, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Trim().Length > 100)
            errors["displayName"] = [Problems.Text(http, "请填写显示名（最多 100 个字符）。", "Enter a display name (at most 100 characters).")];
    }

    private static void ValidateRoles(HttpContext http, string[]? roles, Dictionary<string, string[]> errors)
    {
        if (roles is not { Length: > 0 } || roles.Any(r => !CallerRoles.All.Contains(r)))
            errors["roles"] = [Problems.Text(http,
                "角色至少一个，取值为 rep、supervisor、presales、delivery、finance、admin。",
                "Give at least one role out of rep, supervisor, presales, delivery, finance, admin.")];
    }

    private static async Task ValidateSupervisorAsync(HttpContext http, GatewayDbContext db, Guid? supervisorId, Dictionary<string, string[]> errors)
    {
        if (supervisorId is not { } id)
            return;
        var roles = await db.Users.Where(u => u.Id == id).Select(u => u.Roles).SingleOrDefaultAsync(http.RequestAborted);
        if (roles is null || !roles.Contains(CallerRoles.Supervisor) && !roles.Contains(CallerRoles.Admin))
            errors["supervisorId"] = [Problems.Text(http, "主管须为已存在的主管或管理员账号。", "The supervisor must be an existing supervisor or admin account.")];
    }

    private static string PasswordTooShort(HttpContext http) =>
        Problems.Text(http, $"密码至少 {MinPasswordLength} 个字符。", $"Passwords have at least {MinPasswordLength} characters.");

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{2,63}$")]
    private static partial Regex UserNamePattern();
}
