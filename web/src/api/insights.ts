import type { ApiClient } from './http';
import { LEAD_CHANNELS, type GetLeadIntakeStatsResponse, type LeadChannel } from './contracts';

export interface LeadIntakeStats {
  /** Every known channel in protobuf order, zero where the server reported none. */
  channels: { channel: LeadChannel; count: number }[];
  total: number;
  asOf: Date | null;
}

/** GET /api/v1/insights/lead-intake (InsightsService.GetLeadIntakeStats). */
export async function getLeadIntakeStats(
  client: ApiClient,
  range: { start?: string; end?: string } = {},
  signal?: AbortSignal,
): Promise<LeadIntakeStats> {
  const response = await client.get<GetLeadIntakeStatsResponse>('/api/v1/insights/lead-intake', {
    query: { 'range.start': range.start, 'range.end': range.end },
    ...(signal ? { signal } : {}),
  });
  return toLeadIntakeStats(response ?? {});
}

/** proto3 JSON omits zero values and encodes int64 as strings; normalize both. */
export function toLeadIntakeStats(response: GetLeadIntakeStatsResponse): LeadIntakeStats {
  const counts = new Map<string, number>();
  for (const row of response.channels ?? []) {
    if (row.channel) counts.set(row.channel, Number(row.leadCount ?? 0));
  }
  const channels: { channel: LeadChannel; count: number }[] = LEAD_CHANNELS.map((channel) => ({ channel, count: counts.get(channel) ?? 0 }));
  // Channels newer than this console still show up (after the known ones) instead of vanishing.
  for (const [channel, count] of counts) {
    if (!(LEAD_CHANNELS as readonly string[]).includes(channel)) channels.push({ channel: channel as LeadChannel, count });
  }
  return {
    channels,
    total: Number(response.totalLeads ?? 0),
    asOf: response.asOf ? new Date(response.asOf) : null,
  };
}
