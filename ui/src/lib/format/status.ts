// How states read on screen: a Russian label and a tone (the badge colour) for each state the API
// reports. One table per kind, so the same state looks the same on every page.
import type { DeviceStatusJson, FiscalJobJson, PaymentJson } from '../api/types.ts';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral';
export interface StatusLook {
  label: string;
  tone: Tone;
}

export const JOB_STATES: Record<FiscalJobJson['state'], StatusLook> = {
  pending: { label: 'В очереди', tone: 'info' },
  sending: { label: 'Отправляется', tone: 'info' },
  done: { label: 'Готов', tone: 'ok' },
  outcome_unknown: { label: 'Исход неизвестен', tone: 'warn' },
  failed: { label: 'Ошибка', tone: 'danger' },
};

export const PAYMENT_STATUSES: Record<PaymentJson['status'], StatusLook> = {
  accepted: { label: 'Принят', tone: 'info' },
  fiscalized: { label: 'Чек выдан', tone: 'ok' },
  failed: { label: 'Ошибка', tone: 'danger' },
};

export const SHIFT_STATES: Record<DeviceStatusJson['shift_state'], StatusLook> = {
  open: { label: 'Смена открыта', tone: 'ok' },
  closed: { label: 'Смена закрыта', tone: 'neutral' },
  expired: { label: 'Смена > 24 ч', tone: 'warn' },
};

export const PAPER_STATES: Record<DeviceStatusJson['paper'], StatusLook> = {
  present: { label: 'Бумага есть', tone: 'ok' },
  out: { label: 'Нет бумаги', tone: 'danger' },
  out_waiting_continue: { label: 'Нет бумаги (ждёт)', tone: 'danger' },
};

export function onlineLook(online: boolean, enabled = true): StatusLook {
  if (!enabled) return { label: 'Выключена', tone: 'neutral' };
  return online ? { label: 'На связи', tone: 'ok' } : { label: 'Нет связи', tone: 'danger' };
}
