namespace SalesMesh.Gateway.Security;

public static class SecurityHeaders
{
    /// <summary>
    /// Default CSP for the console: only our own scripts; inline styles because Element Plus sets
    /// style attributes; data:/blob: images for charts and previews; no framing by anyone
    /// (frame-ancestors, clickjacking). Override with <c>Gateway:Security:ContentSecurityPolicy</c>.
    /// </summary>
    public const string DefaultContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var policy = app.ApplicationServices.GetRequiredService<IConfiguration>()["Gateway:Security:ContentSecurityPolicy"] ?? DefaultContentSecurityPolicy;
        return app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), payment=()";
                return Task.CompletedTask;
            });
            return next(http);
        });
    }
}
