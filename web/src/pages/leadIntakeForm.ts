import { isBlank, trimWhiteSpace } from '@/rules/text';
import type { IntakeLeadRequest, LeadChannel } from '@/api/contracts';

/** What the intake form holds; mapped onto IntakeLeadRequest (proto3 JSON) on submit. */
export interface LeadIntakeForm {
  channel: LeadChannel | '';
  name: string;
  phone: string;
  email: string;
  company: string;
  productTags: string[];
  city: string;
  note: string;
}

/** Fields the intake form shows, by their proto3 JSON names (server field errors use these). */
export const INTAKE_FIELDS = ['channel', 'name', 'phone', 'email', 'company', 'productTags', 'city', 'payload'] as const;

export function emptyLeadIntakeForm(): LeadIntakeForm {
  return { channel: '', name: '', phone: '', email: '', company: '', productTags: [], city: '', note: '' };
}

/**
 * Only the obvious mistakes are caught here (no channel; no contact at all); everything else —
 * phone and e-mail formats, normalization, duplicates — is the server's job (LR-1, LR-2), and its
 * answers are shown next to the fields.
 */
export function checkLeadIntakeForm(form: LeadIntakeForm): { channel?: string; contact?: string } {
  const problems: { channel?: string; contact?: string } = {};
  if (!form.channel) problems.channel = 'intake.channelRequired';
  if ([form.name, form.phone, form.email, form.company].every((v) => isBlank(v))) problems.contact = 'intake.contactRequired';
  return problems;
}

/**
 * Values are sent as typed (the server keeps the raw text and normalizes for matching), only
 * blank ones are left out. The note has no field of its own in the contract; it travels in
 * `payload`, the channel's own record kept verbatim (LR-1).
 */
export function toIntakeRequest(form: LeadIntakeForm, idempotencyKey: string): IntakeLeadRequest {
  const request: IntakeLeadRequest = { idempotencyKey, channel: form.channel || 'LEAD_CHANNEL_UNSPECIFIED' };
  if (!isBlank(form.name)) request.name = form.name;
  if (!isBlank(form.phone)) request.phone = form.phone;
  if (!isBlank(form.email)) request.email = form.email;
  if (!isBlank(form.company)) request.company = form.company;
  if (!isBlank(form.city)) request.city = form.city;
  const tags = form.productTags.filter((tag) => !isBlank(tag)).map(trimWhiteSpace);
  if (tags.length > 0) request.productTags = tags;
  if (!isBlank(form.note)) request.payload = { note: form.note };
  return request;
}
