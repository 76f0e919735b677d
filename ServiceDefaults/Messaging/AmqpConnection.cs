namespace SalesMesh.ServiceDefaults.Messaging;

/// <summary>The parts of an <c>amqp://user:pass@host:port/vhost</c> URI (the Aspire format).</summary>
internal sealed record AmqpConnection(string Host, ushort Port, string VirtualHost, string UserName, string Password, bool UseTls)
{
    public static AmqpConnection Parse(string connectionName, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
            throw new InvalidOperationException($"ConnectionStrings:{connectionName} must be an amqp:// or amqps:// URI (amqp://user:pass@host:port/vhost).");

        var tls = uri.Scheme == "amqps";
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (tls ? 5671 : 5672) : uri.Port;
        // Per the AMQP URI spec the vhost is the percent-decoded path; an empty path means "/".
        var path = uri.AbsolutePath.TrimStart('/');
        var vhost = path.Length == 0 ? "/" : Uri.UnescapeDataString(path);

        string user = "guest", password = "guest";
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = Uri.UnescapeDataString(parts[0]);
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "";
        }
        return new AmqpConnection(uri.Host, (ushort)port, vhost, user, password, tls);
    }
}
