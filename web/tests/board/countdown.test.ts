import { describe, expect, it } from 'vitest';
import { clockView, duration } from '@/board/countdown';

const now = new Date('2026-11-22T10:00:00Z');

describe('SLA countdown', () => {
  it('counts down a running clock in mm:ss and h:mm:ss', () => {
    expect(clockView('2026-11-22T10:29:59Z', now)).toEqual({ state: 'running', remainingMs: 1_799_000, text: '29:59' });
    expect(clockView('2026-11-22T12:00:00Z', now).text).toBe('2:00:00');
  });

  it('turns due-soon in the last ten minutes', () => {
    expect(clockView('2026-11-22T10:10:00Z', now).state).toBe('dueSoon');
    expect(clockView('2026-11-22T10:10:01Z', now).state).toBe('running');
  });

  it('shows how long a breached clock is overdue', () => {
    expect(clockView('2026-11-22T09:55:00Z', now)).toMatchObject({ state: 'breached', text: '05:00' });
    expect(clockView('2026-11-22T10:00:00Z', now).state).toBe('breached');
  });

  it('a met clock or a missing deadline shows no countdown', () => {
    expect(clockView('2026-11-22T10:30:00Z', now, { metAt: '2026-11-22T09:59:00Z' }).state).toBe('met');
    expect(clockView(undefined, now).state).toBe('none');
    expect(clockView('not a time', now).state).toBe('none');
  });

  it('rounds partial seconds up while running so 00:00 means due', () => {
    expect(duration(500)).toBe('00:01');
    expect(duration(3_600_000)).toBe('1:00:00');
  });
});
