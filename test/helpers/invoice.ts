import { expect } from 'vitest';
import { roundMicrosToCents } from '../../engine/money.js';
import type { MonthlyBill } from '../../engine/pricing/model.js';

/**
 * A month's invoice is self-consistent: its lines add up to fees + usage charges, that sum
 * rounded once to the cent is the month's total, and (when `feesFirst`) the first line is the fee.
 */
export function expectConsistentInvoice(bill: MonthlyBill, feesFirst = false): void {
  const { feesMicros, usageMicros } = bill.invoice;
  expect(bill.lines.reduce((s, l) => s + l.micros, 0)).toBe(feesMicros + usageMicros);
  expect(roundMicrosToCents(feesMicros + usageMicros)).toBe(bill.micros);
  if (feesFirst) expect(feesMicros).toBe(bill.lines[0].micros);
}
