using System.Text.RegularExpressions;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using SalesMesh.Activities.Customers;
using SalesMesh.Activities.Domain;
using SalesMesh.Activities.Pipeline;
using SalesMesh.Contracts.Activities.V1;
using SalesMesh.Contracts.Common.V1;
using SalesMesh.ServiceDefaults.Data;
using SalesMesh.ServiceDefaults.Identity;

namespace SalesMesh.Activities.Grpc;

public sealed partial class ActivitiesGrpcService
{
    private const int MaxNameLength = 200;

    public override async Task<CreateCustomerResponse> CreateCustomer(CreateCustomerRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var problems = new List<FieldProblem>();
        var name = RequiredName(request.Name, "name", "客户名称", "customer name", problems);
        var phone = OptionalPhone(request.ContactPhone, problems);
        var email = OptionalEmail(request.ContactEmail, problems);
        var tags = request.ProductTags.Select(t => TextRules.Trim(t)).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        CustomerFactory.FirstOpportunity? first = null;
        if (request.FirstOpportunity is { } opportunity)
        {
            first = NewOpportunity(opportunity, "firstOpportunity", problems);
        }
        ThrowIfAny(problems, context);

        var now = Now;
        var (customer, created) = await Atomically(context, async (db, ct) =>
        {
            var pipeline = await PipelineStore.LoadAsync(db, ct);
            return CustomerFactory.Add(db,
                new CustomerFactory.NewCustomer(caller.UserId, caller.TeamId, null, name!, Blank(request.ContactName), phone, email, tags, caller.UserId),
                first, PipelineStore.FirstStage(pipeline.Definition), now);
        });

        var response = new CreateCustomerResponse { Customer = CustomerMapping.ToApi(customer, caller, supervisesOwner: false) }; // the caller owns it
        if (created is not null)
        {
            response.FirstOpportunity = OpportunityMapping.ToApi(created);
        }
        return response;
    }

    public override async Task<GetCustomerResponse> GetCustomer(GetCustomerRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var id = ApiErrors.RequireId(context, request.CustomerId?.Value, "customerId.value");
        var customer = await CustomerAccess.LoadVisibleAsync(db, caller, id, context, context.CancellationToken);
        var reports = await CustomerAccess.DirectReportsAmongAsync(db, caller, [customer.OwnerUserId], context.CancellationToken);
        return new GetCustomerResponse { Customer = CustomerMapping.ToApi(customer, caller, reports.Contains(customer.OwnerUserId)) };
    }

    public override async Task<ListCustomersResponse> ListCustomers(ListCustomersRequest request, ServerCallContext context)
    {
        var caller = context.RequireCaller();
        var size = PageCursor.Size(context, request.Page?.PageSize ?? 0, 50, 200);
        var cursor = PageCursor.Decode(context, request.Page?.PageToken);
        var query = db.Customers.AsNoTracking().VisibleTo(db, caller);
        if (!string.IsNullOrEmpty(request.OwnerUserId?.Value))
        {
            var owner = request.OwnerUserId.Value;
            query = query.Where(c => c.OwnerUserId == owner);
        }
        var total = await query.LongCountAsync(context.CancellationToken);
        if (cursor is { } after)
        {
            query = query.Where(c => c.CreatedAt < after.Time || (c.CreatedAt == after.Time && c.Id.CompareTo(after.Id) < 0));
        }
        var page = await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Take(size + 1).ToListAsync(context.CancellationToken);

        var shown = page.Take(size).ToList();
        var reports = await CustomerAccess.DirectReportsAmongAsync(db, caller, shown.Select(c => c.OwnerUserId), context.CancellationToken);
        var response = new ListCustomersResponse { Page = new PageResponse { TotalSize = total } };
        response.Customers.AddRange(shown.Select(c => CustomerMapping.ToApi(c, caller, reports.Contains(c.OwnerUserId))));
        if (page.Count > size)
        {
            response.Page.NextPageToken = new PageCursor(page[size - 1].CreatedAt, page[size - 1].Id).Encode();
        }
        return response;
    }

    private static string? RequiredName(string? value, string field, string zh, string en, List<FieldProblem> problems)
    {
        if (TextRules.IsBlank(value))
        {
            problems.Add(new FieldProblem(field, new($"{zh}不能为空", $"The {en} is required"), "required"));
            return null;
        }
        var trimmed = TextRules.Trim(value!);
        if (TextRules.CountScalarValues(trimmed) > MaxNameLength)
        {
            problems.Add(new FieldProblem(field, new($"{zh}最多 {MaxNameLength} 个字", $"The {en} allows at most {MaxNameLength} characters"), "too_long"));
        }
        return trimmed;
    }

    private static readonly Regex E164 = new(@"^\+[1-9][0-9]{6,14}$", RegexOptions.CultureInvariant);
    private static readonly Regex Email = new(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant);

    private static string? OptionalPhone(string? value, List<FieldProblem> problems)
    {
        if (TextRules.IsBlank(value))
        {
            return null;
        }
        var phone = TextRules.Trim(value!);
        if (!E164.IsMatch(phone))
        {
            problems.Add(new FieldProblem("contactPhone", new("电话必须是带 + 号的国际格式，例如 +8613800138000", "The phone must be in international format with +, e.g. +8613800138000"), "invalid_phone"));
        }
        return phone;
    }

    private static string? OptionalEmail(string? value, List<FieldProblem> problems)
    {
        if (TextRules.IsBlank(value))
        {
            return null;
        }
        var email = TextRules.Trim(value!).ToLowerInvariant();
        if (!Email.IsMatch(email))
        {
            problems.Add(new FieldProblem("contactEmail", new("邮箱格式不正确", "The e-mail address is malformed"), "invalid_email"));
        }
        return email;
    }

    private static CustomerFactory.FirstOpportunity? NewOpportunity(NewOpportunity input, string field, List<FieldProblem> problems)
    {
        var name = RequiredName(input.Name, field + ".name", "商机名称", "opportunity name", problems);
        var (amount, currency) = ProtoConversions.FromMoney(input.Amount, field + ".amount", problems);
        return name is null ? null : new CustomerFactory.FirstOpportunity(name, amount, currency);
    }

    private static string? Blank(string? value) => TextRules.IsBlank(value) ? null : TextRules.Trim(value!);

    private static void ThrowIfAny(List<FieldProblem> problems, ServerCallContext context)
    {
        if (problems.Count > 0)
        {
            throw ApiError.Invalid(problems.Count == 1 ? problems[0].Description
                : new BilingualText($"有 {problems.Count} 处输入错误", $"{problems.Count} input errors"), problems).ToRpcException(context);
        }
    }
}
