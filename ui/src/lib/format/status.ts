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

/** The pipeline's and drivers' error codes (drivers/fiscal-error.ts, reconcile.ts) as a technician says them. */
export const JOB_ERRORS: Record<string, string> = {
  timeout: 'Касса не ответила вовремя',
  connection_lost: 'Связь с кассой потеряна',
  protocol_error: 'Касса ответила не по протоколу',
  device_error: 'Касса отказала',
  busy: 'Касса занята',
  shift_expired: 'Смена длится больше 24 ч',
  shift_closed: 'Смена закрыта',
  shift_open: 'Смена уже открыта',
  document_open: 'В кассе открыт документ',
  paper_out: 'Нет бумаги',
  print_continue_required: 'Касса ждёт продолжения печати',
  fn_expired: 'Срок ФН истёк',
  fn_full: 'Память ФН заполнена',
  ofd_blocked: 'ФН заблокирован: документы не уходят в ОФД 30 дней',
  bad_password: 'Неверный пароль оператора',
  invalid_document: 'Касса не приняла документ',
  not_found: 'В кассе нет таких данных',
  needs_person: 'Нужна проверка архива ФН человеком',
};
