using Google.Protobuf;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Tests.FollowUp.Support;
using SalesMesh.Activities.Tests.StatusCards;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.Contracts.Events;
using Google.Rpc;

namespace SalesMesh.Activities.Tests.FollowUp;

/// <summary>AttachDocument / ListDocuments: the content decides the type, bad uploads store nothing, others' customers do not exist.</summary>
[Collection(FollowUpCollection.Name)]
public sealed class DocumentTests(FollowUpFixture fixture)
{
    private FollowUpHost Host => fixture.Host;

    [Fact]
    public async Task A_png_declared_as_pdf_is_refused_by_content_and_nothing_is_stored()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).AttachDocumentAsync(
            Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", SampleFiles.TinyPng())).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("content", violation.Field);
        Assert.Contains("PDF", violation.Description);
        Assert.Empty((await Host.FollowUp(team.Rep).ListDocumentsAsync(new ListDocumentsRequest { CustomerId = Customer(customerId) })).Documents);
        Assert.Empty(await Host.OutboxAsync<DocumentAttached>(customerId.ToString()));
    }

    [Fact]
    public async Task A_pdf_header_and_trailer_around_anything_else_is_refused()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var fake = System.Text.Encoding.UTF8.GetBytes("%PDF-1.7\n这份“需求确认书”其实是一段文字，没有任何 PDF 对象\n%%EOF\n");

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep).AttachDocumentAsync(
            Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", fake)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("content", Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Empty((await Host.FollowUp(team.Rep).ListDocumentsAsync(new ListDocumentsRequest { CustomerId = Customer(customerId) })).Documents);
    }

    [Fact]
    public async Task A_real_pdf_is_stored_listed_and_announced()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);
        var pdf = SampleFiles.MinimalPdf();

        var attached = (await Host.FollowUp(team.Rep).AttachDocumentAsync(
            Upload(customerId, DocumentKind.RequirementConfirmation, "需求确认书.pdf", "application/pdf", pdf))).Document;

        Assert.Equal(pdf.Length, attached.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), attached.Sha256);
        Assert.Equal(team.Rep.UserId, attached.AttachedBy.Value);
        var listed = Assert.Single((await Host.FollowUp(team.Rep).ListDocumentsAsync(new ListDocumentsRequest { CustomerId = Customer(customerId) })).Documents);
        Assert.Equal(attached.DocumentId, listed.DocumentId);
        Assert.Equal(DocumentKind.RequirementConfirmation, listed.Kind);
        var stored = await Host.QueryAsync(db => db.Set<CustomerDocumentRecord>().AsNoTracking().SingleAsync(d => d.CustomerId == customerId));
        Assert.Equal(pdf, stored.Content);
        Assert.Single(await Host.OutboxAsync<DocumentAttached>(customerId.ToString()));
    }

    [Fact]
    public async Task Every_upload_problem_is_named_in_english_on_request()
    {
        var team = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, team.Rep);

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(team.Rep, "en").AttachDocumentAsync(
            Upload(customerId, DocumentKind.Unspecified, " ", "text/html", [1, 2, 3])).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["kind", "file_name", "content_type"], fields);
        Assert.Contains("Unsupported type", error.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations[2].Description);
    }

    [Fact]
    public async Task Someone_elses_customer_is_not_found_and_gets_no_document()
    {
        var owner = await Arrange.TeamAsync(Host);
        var other = await Arrange.TeamAsync(Host);
        var customerId = await Arrange.CustomerAsync(Host, owner.Rep);

        var error = await Assert.ThrowsAsync<RpcException>(() => Host.FollowUp(other.Rep).AttachDocumentAsync(
            Upload(customerId, DocumentKind.Other, "现场照片.png", "image/png", SampleFiles.TinyPng())).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(0, await Host.QueryAsync(db => db.Set<CustomerDocumentRecord>().CountAsync(d => d.CustomerId == customerId)));
        // The owner's supervisor sees the customer (and its documents).
        await Host.FollowUp(owner.Supervisor).ListDocumentsAsync(new ListDocumentsRequest { CustomerId = Customer(customerId) });
    }

    internal static AttachDocumentRequest Upload(Guid customerId, DocumentKind kind, string fileName, string contentType, byte[] content) => new()
    {
        CustomerId = Customer(customerId),
        Kind = kind,
        FileName = fileName,
        ContentType = contentType,
        Content = ByteString.CopyFrom(content),
    };

    internal static CustomerId Customer(Guid id) => new() { Value = id.ToString() };
}
