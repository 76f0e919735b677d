import type { ApiClient } from './http';
import type { IntakeLeadRequest, IntakeLeadResponse } from './contracts';

/** LR-1 intake: POST /api/v1/leads (LeadRoutingService.IntakeLead). */
export function intakeLead(client: ApiClient, request: IntakeLeadRequest, signal?: AbortSignal): Promise<IntakeLeadResponse> {
  return client.post<IntakeLeadResponse>('/api/v1/leads', request, signal ? { signal } : {});
}
