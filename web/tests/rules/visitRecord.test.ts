// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { emptyVisitRecordForm, toRuleRecord, validateVisitRecord, deliverableLength, type VisitRecordForm } from '@/rules/visitRecord';

const now = new Date('2026-11-22T02:00:00Z');

function validForm(): VisitRecordForm {
  return {
    ...emptyVisitRecordForm(),
    customerId: 'c-1',
    visitedAt: '2026-11-22T09:30:00+08:00',
    budget: 'unconfirmed',
    biggestConcern: 'other',
    nextTouchpoint: { at: '2026-11-25T10:00:00+08:00', participants: ['张总'], topic: '方案演示' },
  };
}

const codes = (form: VisitRecordForm) => validateVisitRecord(form, now).map((e) => `${e.code} @ ${e.path}`);

describe('visit-record field checks (AC-3, as VisitRecordValidator)', () => {
  it('a complete record has no problems', () => {
    expect(codes(validForm())).toEqual([]);
  });

  it('an empty form names every required field', () => {
    expect(codes(emptyVisitRecordForm())).toEqual([
      'visit.required @ customerId',
      'visit.required @ visitedAt',
      'visit.required @ budget',
      'visit.required @ biggestConcern',
      'visit.required @ nextTouchpoint.at',
      'visit.blank @ nextTouchpoint.participants[0]',
      'visit.required @ nextTouchpoint.topic',
    ]);
  });

  it('promised deliverable: 300 visible characters pass, 301 fail; markup does not count; emoji count 1', () => {
    const form = validForm();
    form.promisedDeliverable = `<p><b>${'汉'.repeat(299)}😀</b></p>`;
    expect(deliverableLength(form.promisedDeliverable)).toBe(300);
    expect(codes(form)).toEqual([]);
    form.promisedDeliverable = `<p>${'a'.repeat(300)}&amp;</p>`;
    expect(validateVisitRecord(form, now)).toEqual([
      { code: 'visit.too_long', path: 'promisedDeliverable', params: { max: 300, length: 301 } },
    ]);
  });

  it('visit more than 5 minutes in the future, touchpoint not after the visit', () => {
    const form = validForm();
    form.visitedAt = '2026-11-22T02:05:01Z';
    form.nextTouchpoint.at = '2026-11-22T02:05:01Z';
    expect(codes(form)).toEqual(['visit.in_future @ visitedAt', 'visit.invalid_order @ nextTouchpoint.at']);
    form.visitedAt = '2026-11-22T02:05:00Z';
    form.nextTouchpoint.at = '2026-11-22T03:00:00Z';
    expect(codes(form)).toEqual([]);
  });

  it('topic ≤ 100 scalar values, unknown codes, GPS range, recording ref ≤ 200 UTF-16 units, trial order', () => {
    const form = validForm();
    form.nextTouchpoint.topic = '😀'.repeat(101);
    form.objectionType = 'weather';
    form.gps = { latitude: 91, longitude: null };
    form.callRecordingSummaryRef = '😀'.repeat(101); // 101 scalars but 202 UTF-16 units: the server refuses it
    form.trial = { accountProvided: true, startDate: '2026-11-20', endDate: '2026-11-19', clientLoginFrequency: '' };
    expect(codes(form)).toEqual([
      'visit.unknown_value @ objectionType',
      'visit.too_long @ nextTouchpoint.topic',
      'visit.out_of_range @ gps.latitude',
      'visit.required @ gps.longitude',
      'visit.too_long @ callRecordingSummaryRef',
      'visit.invalid_order @ trial.endDate',
    ]);
  });
});

describe('projection to the rule record (as VisitRecordRuleProjection)', () => {
  it('uses visible text, trims, drops blank participants, writes the touchpoint in UTC', () => {
    const form = validForm();
    form.promisedDeliverable = '<b>ROI</b> 报告 ';
    form.nextTouchpoint.participants = [' 张总 ', '\u3000'];
    form.nextTouchpoint.topic = ' 方案演示 ';
    form.gps = { latitude: 30.123456789012345, longitude: 120.5 };
    form.trial = { accountProvided: true, startDate: '2026-11-20', endDate: null, clientLoginFrequency: '  ' };
    expect(toRuleRecord(form)).toEqual({
      budget: 'unconfirmed',
      biggestConcern: 'other',
      promisedDeliverable: 'ROI 报告 ',
      'nextTouchpoint.at': '2026-11-25T02:00:00+00:00',
      'nextTouchpoint.participants': ['张总'],
      'nextTouchpoint.topic': '方案演示',
      'gps.latitude': 30.1234567890123,
      'gps.longitude': 120.5,
      'trial.accountProvided': true,
      'trial.startDate': '2026-11-20',
    });
  });
});
