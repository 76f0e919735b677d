using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMesh.Gateway.Data;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Auth;

public sealed record SignInRequest(string? UserName, string? Password);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record UserView(string Id, string UserName, string DisplayName, string[] Roles, string? TeamId, Guid? SupervisorId, bool Disabled, DateTimeOffset? LockedUntil)
{
    public static UserView Of(UserRecord user) =>
        new(user.Id.ToString(), user.UserName, user.DisplayName, user.Roles, user.TeamId, user.SupervisorId, user.Disabled, user.LockedUntil);
}

public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt, UserView User)
{
    public static TokenResponse Of(TokenPair pair) =>
        new(pair.AccessToken, "Bearer", pair.ExpiresInSeconds, pair.RefreshToken, pair.RefreshTokenExpiresAt, UserView.Of(pair.User));
}

/// <summary>/api/v1/auth/sign-in, /refresh, /sign-out and /api/v1/me.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var builtIn = !app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.UsesExternalAuthority;
        if (builtIn)
        {
            var auth = app.MapGroup("/api/v1/auth").AllowAnonymous();
            auth.MapPost("/sign-in", SignInAsync);
            auth.MapPost("/refresh", RefreshAsync);
            auth.MapPost("/sign-out", SignOutAsync);
        }
        app.MapGet("/api/v1/me", MeAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, SignInService signIn)
    {
        var (request, problem) = await JsonBody.ReadAsync<SignInRequest>(http);
        if (problem is not null)
            return problem;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(request!.UserName))
            errors["userName"] = [Problems.Text(http, "请输入用户名。", "Enter your user name.")];
        if (string.IsNullOrEmpty(request.Password))
            errors["password"] = [Problems.Text(http, "请输入密码。", "Enter your password.")];
        if (errors.Count > 0)
            return Problems.BadInput(http, errors);

        var result = await signIn.SignInAsync(request.UserName!, request.Password!, http.RequestAborted);
        switch (result.Status)
        {
            case SignInStatus.Succeeded:
                return Results.Ok(TokenResponse.Of(result.Tokens!));
            case SignInStatus.LockedOut:
                var seconds = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - DateTimeOffset.UtcNow).TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Problems.Status(http, StatusCodes.Status423Locked, Problems.Text(http,
                    $"登录失败次数过多，账号已锁定，请 {Math.Ceiling(seconds / 60.0)} 分钟后再试。",
                    $"Too many failed sign-ins; the account is locked. Try again in {Math.Ceiling(seconds / 60.0)} minutes."));
            default:
                return Problems.Status(http, StatusCodes.Status401Unauthorized, Problems.Text(http, "用户名或密码错误。", "Wrong user name or password."));
        }
    }

    private static async Task<IResult> RefreshAsync(HttpContext http, SignInService signIn)
    {
        var (request, problem) = await JsonBody.ReadAsync<RefreshRequest>(http);
        if (problem is not null)
            return problem;
        if (string.IsNullOrWhiteSpace(request!.RefreshToken))
            return Problems.BadInput(http, "refreshToken", Problems.Text(http, "缺少刷新令牌。", "The refresh token is missing."));
        var pair = await signIn.RefreshAsync(request.RefreshToken, http.RequestAborted);
        return pair is null
            ? Problems.Status(http, StatusCodes.Status401Unauthorized, Problems.Text(http, "登录已失效，请重新登录。", "The session has ended; sign in again."))
            : Results.Ok(TokenResponse.Of(pair));
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SignInService signIn)
    {
        var (request, problem) = await JsonBody.ReadAsync<RefreshRequest>(http);
        if (problem is not null)
            return problem;
        if (!string.IsNullOrWhiteSpace(request!.RefreshToken))
            await signIn.SignOutAsync(request.RefreshToken, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<IResult> MeAsync(HttpContext http, IServiceProvider services, IOptions<AuthOptions> options)
    {
        var caller = CallContext.CallerOf(http.User)!;
        if (!options.Value.UsesExternalAuthority && Guid.TryParse(caller.UserId, out var id))
        {
            var db = services.GetRequiredService<GatewayDbContext>();
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, http.RequestAborted);
            if (user is null || user.Disabled)
                return Problems.Status(http, StatusCodes.Status401Unauthorized, Problems.Text(http, "账号不存在或已停用。", "The account no longer exists or is disabled."));
            return Results.Ok(UserView.Of(user));
        }
        // Identity provider accounts: what the token says is all the gateway knows.
        return Results.Ok(new UserView(caller.UserId, http.User.FindFirst(GatewayClaims.UserName)?.Value ?? caller.UserId,
            caller.DisplayName, [.. caller.Roles.Order()], caller.TeamId, null, false, null));
    }
}
