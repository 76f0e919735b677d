import type { IntakeLeadRequest, IntakeLeadResponse } from '@/api/contracts';
import { ApiError } from '@/api/errors';

/**
 * Bulk lead import (LR-1 "file import" channel): each row of the sheet becomes one intake call
 * through the same contract as every other channel — no side door — with the row itself as the
 * raw payload. Rows are sent with an idempotency key derived from the file's content and the
 * row number, so importing the same file twice replays instead of creating leads twice.
 */

/** Column headers the import understands (zh-CN and English, as people name them). */
const HEADER_ALIASES: Record<'name' | 'phone' | 'email' | 'company' | 'city' | 'productTags', readonly string[]> = {
  name: ['姓名', '联系人', 'name', 'contact'],
  phone: ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile', 'tel'],
  email: ['邮箱', '电子邮件', 'email', 'e-mail'],
  company: ['公司', '公司名称', '单位', 'company', 'company name'],
  city: ['城市', '区域', '地区', 'city', 'region'],
  productTags: ['产品线', '产品', 'product tags', 'products', 'product'],
};

export type ImportField = keyof typeof HEADER_ALIASES;

export interface ImportSheet {
  headers: string[];
  /** Field → column index, for the columns recognised. */
  columns: Partial<Record<ImportField, number>>;
  rows: ImportRow[];
}

export interface ImportRow {
  /** 1-based row number as the user sees it in the sheet (the header is row 1). */
  rowNumber: number;
  cells: string[];
}

export type SheetProblem = { code: 'empty' } | { code: 'noContactColumn' };

export function readSheet(table: string[][]): ImportSheet | SheetProblem {
  if (table.length === 0) return { code: 'empty' };
  const headers = table[0]!.map((h) => h.replace(/^\s+|\s+$/g, ''));
  const columns: Partial<Record<ImportField, number>> = {};
  headers.forEach((header, index) => {
    const key = header.toLowerCase();
    for (const [field, aliases] of Object.entries(HEADER_ALIASES) as [ImportField, readonly string[]][]) {
      if (columns[field] === undefined && aliases.includes(key)) columns[field] = index;
    }
  });
  if (columns.name === undefined && columns.phone === undefined && columns.email === undefined && columns.company === undefined) {
    return { code: 'noContactColumn' };
  }
  const rows = table.slice(1).map((cells, i) => ({ rowNumber: i + 2, cells }));
  return { headers, columns, rows };
}

/** One row as an intake request: mapped fields plus the whole row (header → cell) as payload. */
export function toIntakeRequest(sheet: ImportSheet, row: ImportRow, fileKey: string): IntakeLeadRequest {
  const cell = (field: ImportField) => {
    const index = sheet.columns[field];
    return index === undefined ? '' : (row.cells[index] ?? '');
  };
  const payload: Record<string, string> = {};
  sheet.headers.forEach((header, index) => {
    payload[header || `column${index + 1}`] = row.cells[index] ?? '';
  });
  const request: IntakeLeadRequest = {
    idempotencyKey: `import:${fileKey}:${row.rowNumber}`,
    channel: 'LEAD_CHANNEL_FILE_IMPORT',
    payload,
  };
  for (const field of ['name', 'phone', 'email', 'company', 'city'] as const) {
    const value = cell(field);
    if (value !== '') request[field] = value;
  }
  const tags = cell('productTags')
    .split(/[,，;；、]/)
    .map((tag) => tag.replace(/^\s+|\s+$/g, ''))
    .filter((tag) => tag !== '');
  if (tags.length > 0) request.productTags = tags;
  return request;
}

export type RowOutcome =
  | { rowNumber: number; status: 'created'; leadId: string }
  | { rowNumber: number; status: 'merged'; leadId: string; duplicateOf: string }
  | { rowNumber: number; status: 'replayed'; leadId: string }
  | { rowNumber: number; status: 'failed'; messages: string[] };

export function outcomeOf(rowNumber: number, response: IntakeLeadResponse): RowOutcome {
  const leadId = response.leadId?.value ?? '';
  if (response.replayed) return { rowNumber, status: 'replayed', leadId };
  if (response.duplicateOf?.value) return { rowNumber, status: 'merged', leadId, duplicateOf: response.duplicateOf.value };
  return { rowNumber, status: 'created', leadId };
}

/** The server's own words for a refused row: every field message, prefixed with the field. */
export function failureOf(rowNumber: number, error: unknown, fallback: (error: unknown) => string): RowOutcome {
  if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
    const messages = Object.entries(error.fieldErrors).flatMap(([field, list]) => list.map((m) => `${field}: ${m}`));
    return { rowNumber, status: 'failed', messages };
  }
  return { rowNumber, status: 'failed', messages: [fallback(error)] };
}

export interface ImportSummary {
  total: number;
  done: number;
  created: number;
  merged: number;
  replayed: number;
  failed: number;
}

export function summarize(total: number, outcomes: readonly RowOutcome[]): ImportSummary {
  const count = (status: RowOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return { total, done: outcomes.length, created: count('created'), merged: count('merged'), replayed: count('replayed'), failed: count('failed') };
}

/**
 * Sends every row, at most `concurrency` at a time, reporting each outcome as it arrives. A row
 * that fails does not stop the others (the report lists it); a network failure is that row's
 * failure too. Stops early only when aborted.
 */
export async function runImport(
  rows: readonly ImportRow[],
  send: (row: ImportRow) => Promise<RowOutcome>,
  onOutcome: (outcome: RowOutcome) => void,
  options: { concurrency?: number; signal?: AbortSignal } = {},
): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length && !options.signal?.aborted) {
      const row = rows[next++]!;
      const outcome = await send(row);
      outcomes.push(outcome);
      onOutcome(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return outcomes.sort((a, b) => a.rowNumber - b.rowNumber);
}

/** A short, stable key for a file's content (SHA-256, hex, first 16 bytes). */
export async function fileKey(bytes: ArrayBuffer): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The report as CSV (row, status, lead, details) for the user to download and fix. */
export function reportCsv(outcomes: readonly RowOutcome[], statusLabel: (status: RowOutcome['status']) => string): string {
  const quote = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const lines = ['row,status,lead,details'];
  for (const o of outcomes) {
    const lead = o.status === 'failed' ? '' : o.leadId;
    const details = o.status === 'failed' ? o.messages.join('; ') : o.status === 'merged' ? o.duplicateOf : '';
    lines.push([String(o.rowNumber), statusLabel(o.status), lead, details].map(quote).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
