using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SalesMesh.Activities.Data;
using SalesMesh.Activities.Data.FollowUp;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.FollowUp.Customers;
using SalesMesh.Activities.FollowUp.StatusCards;
using SalesMesh.Contracts.Events;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Messaging;

namespace SalesMesh.Activities.FollowUp.Documents;

/// <summary>An upload as received, before any check.</summary>
public sealed record DocumentUpload(Guid? VisitRecordId, string Kind, string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>
/// Stores documents. Everything is checked before anything is written: declared type against the
/// bytes, size, name, that a requirement confirmation is a PDF. The document, its DocumentAttached
/// event and (for requirement confirmations) the status-card re-evaluation commit together.
/// </summary>
public sealed class DocumentService(ActivitiesDbContext db, StatusCardService statusCards, IOptions<FollowUpOptions> options, TimeProvider clock)
{
    public const int MaxFileNameLength = 200;

    /// <summary>Every problem with the upload (empty when it may be stored).</summary>
    public IReadOnlyList<DomainError> Validate(DocumentUpload upload)
    {
        var errors = new List<DomainError>();
        if (upload.Kind is not (DocumentKinds.RequirementConfirmation or DocumentKinds.Other))
        {
            errors.Add(new DomainError("document.kind_required", "kind", new("请选择文件用途（需求确认书或其他）", "Choose what the document is (requirement confirmation or other)")));
        }
        if (TextRules.IsBlank(upload.FileName) || TextRules.CountScalarValues(upload.FileName) > MaxFileNameLength)
        {
            errors.Add(new DomainError("document.file_name", "file_name", new($"文件名必填，最多 {MaxFileNameLength} 个字符", $"A file name of 1–{MaxFileNameLength} characters is required")));
        }
        var max = options.Value.MaxDocumentBytes;
        if (upload.Content.IsEmpty)
        {
            errors.Add(new DomainError("document.empty", "content", new("文件内容为空", "The file is empty")));
        }
        else if (upload.Content.Length > max)
        {
            errors.Add(new DomainError("document.too_large", "content",
                new($"文件超过大小上限 {max / (1024 * 1024)} MB", $"The file exceeds the {max / (1024 * 1024)} MB limit")));
        }
        if (!DocumentContent.Accepted.Contains(upload.ContentType))
        {
            errors.Add(new DomainError("document.unsupported_type", "content_type",
                new($"不支持的文件类型，可用：{string.Join("、", DocumentContent.Accepted)}", $"Unsupported type; accepted: {string.Join(", ", DocumentContent.Accepted)}")));
        }
        else if (!upload.Content.IsEmpty && upload.Content.Length <= max && DocumentContent.Check(upload.ContentType, upload.Content.Span) is { } mismatch)
        {
            errors.Add(mismatch);
        }
        if (upload.Kind == DocumentKinds.RequirementConfirmation && upload.ContentType != DocumentContent.Pdf)
        {
            errors.Add(new DomainError("document.requirement_must_be_pdf", "content_type",
                new("需求确认书必须是 PDF", "A requirement confirmation must be a PDF")));
        }
        return errors;
    }

    /// <summary>Stores a validated upload for a visible customer; returns the stored row.</summary>
    public Task<CustomerDocumentRecord> AttachAsync(FollowUpCustomer customer, DocumentUpload upload, string actorId, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (db, ct) =>
        {
            var now = clock.GetUtcNow();
            var content = upload.Content.ToArray();
            var document = new CustomerDocumentRecord
            {
                Id = Guid.CreateVersion7(now),
                CustomerId = customer.Id,
                VisitRecordId = upload.VisitRecordId,
                Kind = upload.Kind,
                FileName = TextRules.Trim(upload.FileName),
                ContentType = upload.ContentType,
                SizeBytes = content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
                Content = content,
                AttachedBy = actorId,
                AttachedAt = now,
            };
            db.Set<CustomerDocumentRecord>().Add(document);
            db.EnqueueEvent(new DocumentAttached(document.Id, document.CustomerId, document.VisitRecordId, document.Kind,
                document.ContentType, document.SizeBytes, document.Sha256, actorId, now));
            // Saved first so the evaluation below sees the new document.
            await db.SaveChangesAsync(ct);
            if (document.Kind == DocumentKinds.RequirementConfirmation)
            {
                await statusCards.ReevaluateAsync(customer, StatusCardService.Trigger.FactsChanged, now, ct);
            }
            return document;
        }, cancellationToken);

    public Task<List<CustomerDocumentRecord>> ListAsync(Guid customerId, CancellationToken cancellationToken) =>
        db.Set<CustomerDocumentRecord>().AsNoTracking()
            .Where(d => d.CustomerId == customerId)
            .OrderByDescending(d => d.AttachedAt).ThenByDescending(d => d.Id)
            // Metadata only: the bytes stay in the database.
            .Select(d => new CustomerDocumentRecord
            {
                Id = d.Id, CustomerId = d.CustomerId, VisitRecordId = d.VisitRecordId, Kind = d.Kind, FileName = d.FileName,
                ContentType = d.ContentType, SizeBytes = d.SizeBytes, Sha256 = d.Sha256, Content = Array.Empty<byte>(),
                AttachedBy = d.AttachedBy, AttachedAt = d.AttachedAt,
            })
            .ToListAsync(cancellationToken);
}
