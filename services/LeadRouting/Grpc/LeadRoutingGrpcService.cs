using Grpc.Core;
using SalesMesh.Contracts.LeadRouting.V1;
using SalesMesh.LeadRouting.Application.History;
using SalesMesh.LeadRouting.Application.Intake;
using SalesMesh.LeadRouting.Application.Leads;
using SalesMesh.LeadRouting.Data;

namespace SalesMesh.LeadRouting.Grpc;

/// <summary>
/// The LeadRoutingService contract. Each RPC group lives in its own file
/// (LeadRoutingGrpcService.*.cs); rules live in Domain/ and Application/, this layer only checks
/// the caller, validates input, calls them and maps the answer.
/// </summary>
public sealed partial class LeadRoutingGrpcService(
    LeadRoutingDbContext db,
    LeadIntakeService intakes,
    LeadLifecycleService lifecycle,
    HistorySealer sealer,
    TimeProvider time,
    ILogger<LeadRoutingGrpcService> logger) : LeadRoutingService.LeadRoutingServiceBase
{
    private static Guid ParseLeadId(ServerCallContext context, Contracts.Common.V1.LeadId? id, string field = "leadId.value") =>
        id is not null && Guid.TryParse(id.Value, out var guid)
            ? guid
            : throw RpcErrors.InvalidArgument(context, field, "线索 ID 须为 UUID", "The lead id must be a UUID");
}
