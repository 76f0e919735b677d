using Google.Protobuf.Reflection;

namespace SalesMesh.Gateway.Transcoding;

/// <summary>
/// One REST route of one gRPC method, read from its <c>google.api.http</c> rule (a method with
/// additional bindings has several).
/// </summary>
/// <param name="Verb">GET, POST, PUT, DELETE, PATCH (or a custom verb).</param>
/// <param name="Template">The parsed path template (route pattern + variable → request field).</param>
/// <param name="Body">"" (no body; fields come from the path and query), "*" (the whole request) or one top-level request field name.</param>
/// <param name="ResponseBody">"" (the whole response) or one top-level response field to answer with.</param>
/// <param name="ServiceName">The resource name whose <c>services:{name}:grpc:0</c> address receives the call.</param>
public sealed record HttpBinding(
    MethodDescriptor Method,
    string Verb,
    PathTemplate Template,
    string Body,
    string ResponseBody,
    string ServiceName)
{
    public bool IsServerStreaming => Method.IsServerStreaming && !Method.IsClientStreaming;

    /// <summary>Full gRPC method name, e.g. <c>salesmesh.leadrouting.v1.LeadRoutingService/IntakeLead</c>.</summary>
    public string GrpcName => $"{Method.Service.FullName}/{Method.Name}";

    /// <summary>The body field's descriptor when <see cref="Body"/> names one field.</summary>
    public FieldDescriptor? BodyField => Body is "" or "*" ? null : Method.InputType.FindFieldByName(Body);
}
