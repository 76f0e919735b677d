/**
 * TypeScript shapes of the gateway's REST/JSON bodies: the proto messages in protos/salesmesh/**
 * in proto3 JSON mapping (lowerCamel names, enums as their names, int64 as strings, Timestamps as
 * RFC 3339 strings, default values omitted). Keep in step with the .proto files.
 */

/** salesmesh.common.v1.LeadChannel, in protobuf order (the stats chart keeps this order). */
export const LEAD_CHANNELS = [
  'LEAD_CHANNEL_WEB_FORM',
  'LEAD_CHANNEL_HOTLINE_400',
  'LEAD_CHANNEL_DOUYIN_DM',
  'LEAD_CHANNEL_WECHAT',
  'LEAD_CHANNEL_PARTNER_API',
  'LEAD_CHANNEL_REFERRAL',
  'LEAD_CHANNEL_MANUAL_ENTRY',
  'LEAD_CHANNEL_FILE_IMPORT',
] as const;

export type LeadChannel = (typeof LEAD_CHANNELS)[number] | 'LEAD_CHANNEL_UNSPECIFIED';

export interface IdValue {
  value: string;
}

/** salesmesh.leadrouting.v1.IntakeLeadRequest (POST /api/v1/leads, body "*"). */
export interface IntakeLeadRequest {
  idempotencyKey: string;
  channel: LeadChannel;
  name?: string;
  phone?: string;
  email?: string;
  company?: string;
  city?: string;
  productTags?: string[];
  payload?: Record<string, unknown>;
  capturedAt?: string;
  referredBy?: IdValue;
}

/** salesmesh.leadrouting.v1.IntakeLeadResponse. */
export interface IntakeLeadResponse {
  leadId?: IdValue;
  receivedAt?: string;
  duplicateOf?: IdValue;
  replayed?: boolean;
}

/** salesmesh.insights.v1.ChannelLeadCount (int64 arrives as a string in proto3 JSON). */
export interface ChannelLeadCount {
  channel?: LeadChannel;
  leadCount?: string | number;
}

/** salesmesh.insights.v1.GetLeadIntakeStatsResponse. */
export interface GetLeadIntakeStatsResponse {
  channels?: ChannelLeadCount[];
  totalLeads?: string | number;
  asOf?: string;
}

/** Who is signed in (GW-2/GW-3): `GET /api/v1/auth/me`, mapped by `toMe`. */
export type Role = 'rep' | 'supervisor' | 'presales' | 'delivery' | 'finance' | 'admin';

export interface Me {
  userId: string;
  displayName: string;
  roles: Role[];
  teamId?: string;
}
