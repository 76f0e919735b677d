using System.Net;
using Microsoft.Extensions.FileProviders;
using SalesMesh.Gateway.Transcoding;

namespace SalesMesh.Gateway.Web;

/// <summary>
/// Serves the built console (web/dist, made by <c>npm run build</c> in web/) with SPA fallback to
/// index.html for every non-/api path without a file extension. Where it lives: setting
/// <c>Gateway:WebRoot</c> (absolute or relative to the content root); otherwise web/dist is looked
/// for beside the gateway folder. Without a build, / answers a page saying how to make one.
/// </summary>
public static class WebConsole
{
    public static WebApplication MapWebConsole(this WebApplication app)
    {
        // Unknown API paths are API 404s (problem+json), never the console's HTML.
        app.MapFallback("/api/{**rest}", (HttpContext http) =>
            Problems.Status(http, StatusCodes.Status404NotFound, Problems.Text(http, "没有这个接口。", "No such API route.")));

        var root = Locate(app.Configuration["Gateway:WebRoot"], app.Environment.ContentRootPath);
        var index = root is null ? null : Path.Combine(root, "index.html");
        if (root is null || !File.Exists(index))
        {
            app.Logger.LogWarning("Web console not found (looked for {Root}); run `npm install && npm run build` in web/ or set Gateway:WebRoot", root ?? "web/dist");
            app.MapFallback((HttpContext http) => Results.Content(MissingPage(root), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Vite fingerprints everything under assets/, so those may be cached for good; index.html never.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        app.MapFallback(async http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.SendFileAsync(index);
        });
        return app;
    }

    private static string? Locate(string? configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Path.GetFullPath(Path.Combine(contentRoot, configured));
        foreach (var candidate in new[] { Path.Combine(contentRoot, "..", "web", "dist"), Path.Combine(contentRoot, "web", "dist") })
        {
            if (Directory.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        return null;
    }

    private static string MissingPage(string? root) => $$"""
        <!doctype html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>SalesMesh 网关 / gateway</title></head>
        <body style="font-family:sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
        <h1>Web 控制台尚未构建</h1>
        <p>网关运行正常，但没有找到控制台文件{{(root is null ? "" : "（" + WebUtility.HtmlEncode(root) + "）")}}。请在仓库中执行：</p>
        <pre>cd web &amp;&amp; npm install &amp;&amp; npm run build</pre>
        <p>或者设置 <code>Gateway:WebRoot</code> 指向构建目录。API 照常可用：<a href="/openapi/v1.json">/openapi/v1.json</a>。</p>
        <hr>
        <h2 lang="en">The web console is not built</h2>
        <p lang="en">The gateway is running, but the console's files were not found. Run <code>cd web &amp;&amp; npm install &amp;&amp; npm run build</code>,
        or point <code>Gateway:WebRoot</code> at the build folder. The API works: <a href="/openapi/v1.json">/openapi/v1.json</a>.</p>
        </body></html>
        """;
}
