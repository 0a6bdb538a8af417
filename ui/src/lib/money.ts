// Money at the front desk: the page's wrappers of the shell's money
// commands, and the little it computes itself (amounts shown the French
// way, the receipt's address).
import { invoke } from '@tauri-apps/api/core';
import type { CashCount } from './bindings/CashCount';
import type { CashDay } from './bindings/CashDay';
import type { ChequeSlip } from './bindings/ChequeSlip';
import type { FeeView } from './bindings/FeeView';
import type { MonthTotals } from './bindings/MonthTotals';
import type { OwedByPayer } from './bindings/OwedByPayer';
import type { Payer } from './bindings/Payer';
import type { PatientMoney } from './bindings/PatientMoney';
import type { PaymentDraft } from './bindings/PaymentDraft';
import type { PendingCheque } from './bindings/PendingCheque';
import type { Split } from './bindings/Split';
import type { Tariff } from './bindings/Tariff';
import type { VisitDraft } from './bindings/VisitDraft';
import type { WrittenFile } from './bindings/WrittenFile';
import { mediaOrigin } from './reports';

export type {
  CashCount,
  CashDay,
  ChequeSlip,
  FeeView,
  MonthTotals,
  OwedByPayer,
  Payer,
  PatientMoney,
  PaymentDraft,
  PendingCheque,
  Split,
  Tariff,
  VisitDraft,
};

export const moneyApi = {
  tariffs: () => invoke<Tariff[]>('money_tariffs'),
  preview: (draft: VisitDraft) => invoke<Split>('money_preview', { draft }),
  recordVisit: (draft: VisitDraft, payments: PaymentDraft[]) =>
    invoke<FeeView>('record_visit', { draft, payments }),
  fee: (feeId: string) => invoke<FeeView>('money_fee', { feeId }),
  feeOfAppointment: (appointmentId: string) =>
    invoke<FeeView | null>('money_fee_of_appointment', { appointmentId }),
  pay: (feeId: string, payment: PaymentDraft) => invoke<FeeView>('money_pay', { feeId, payment }),
  reverse: (paymentId: string, reason: string) =>
    invoke<FeeView>('money_reverse', { paymentId, reason }),
  transfer: (feeId: string, from: Payer, to: Payer, amount: string, reason: string) =>
    invoke<FeeView>('money_transfer', { feeId, from, to, amount, reason }),
  owed: () => invoke<OwedByPayer[]>('money_owed'),
  day: (day: string) => invoke<CashDay>('money_day', { day }),
  closeDay: (day: string, count: CashCount) => invoke<CashDay>('money_close_day', { day, count }),
  pendingCheques: () => invoke<PendingCheque[]>('money_pending_cheques'),
  makeSlip: (paymentIds: string[]) => invoke<ChequeSlip>('money_make_slip', { paymentIds }),
  issueReceipt: (feeId: string) => invoke<number>('issue_receipt', { feeId }),
  year: (year: number) => invoke<MonthTotals[]>('money_year', { year }),
  patientMoney: (patientId: string) => invoke<PatientMoney>('patient_money', { patientId }),
  saveJournalAs: (from: string, to: string, anonymised: boolean) =>
    invoke<WrittenFile | null>('save_journal_as', { from, to, anonymised }),
};

/** `3000` → `30,00 €` (the same text as the core's `format_cents`). */
export function euros(cents: number): string {
  const sign = cents < 0 ? '−' : '';
  const magnitude = Math.abs(cents);
  const units = Math.floor(magnitude / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${sign}${units},${String(magnitude % 100).padStart(2, '0')}\u00a0€`;
}

/** `3000` → `30,00`, what an amount field starts with. */
export function typedEuros(cents: number): string {
  return `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
}

/** Where the frame reads a visit's receipt (after `issueReceipt`). */
export function receiptUrl(feeId: string): string {
  return `${mediaOrigin()}/receipt/${encodeURIComponent(feeId)}`;
}

/** Notes and coins, in cents, as the cash count lists them. */
export const PIECES = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1] as const;
