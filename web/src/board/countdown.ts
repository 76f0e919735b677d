/**
 * SLA clocks on the board and the lead page (LR-4): how long until a deadline, shown as a
 * countdown that turns amber in its last stretch and red once breached. Pure; the pages feed
 * it `now` from one shared ticking clock, tests feed it fixed instants.
 */

export type ClockState = 'running' | 'dueSoon' | 'breached' | 'met' | 'none';

export interface ClockView {
  state: ClockState;
  /** Milliseconds left (negative once breached); 0 for met/none. */
  remainingMs: number;
  /** "1:05:09", "04:59" — for breached, the time *over* the deadline. */
  text: string;
}

/** The last fifth of a clock (at most 10 minutes) shows amber: time to act. */
const DUE_SOON_MS = 10 * 60_000;

export function clockView(dueAt: string | Date | undefined | null, now: Date, options: { metAt?: string | Date | null } = {}): ClockView {
  if (options.metAt) return { state: 'met', remainingMs: 0, text: '' };
  if (!dueAt) return { state: 'none', remainingMs: 0, text: '' };
  const due = typeof dueAt === 'string' ? new Date(dueAt) : dueAt;
  if (Number.isNaN(due.getTime())) return { state: 'none', remainingMs: 0, text: '' };
  const remainingMs = due.getTime() - now.getTime();
  if (remainingMs <= 0) return { state: 'breached', remainingMs, text: duration(-remainingMs) };
  return { state: remainingMs <= DUE_SOON_MS ? 'dueSoon' : 'running', remainingMs, text: duration(remainingMs) };
}

/** h:mm:ss above an hour, mm:ss below; whole seconds, rounded up while running so 0:00 means due. */
export function duration(ms: number): string {
  const totalSeconds = Math.ceil(Math.abs(ms) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
