// How integration states read on screen: a Russian label and a badge tone for each state the
// integration API reports (channel transactions' billing post, result deliveries).
import type { ChannelTxnJson, ResultDeliveryJson } from '../api/types.ts';
import type { StatusLook } from '../format/status.ts';

export const TXN_BILLING_STATES: Record<ChannelTxnJson['billing_state'], StatusLook> = {
  received: { label: 'Ждёт проводки', tone: 'info' },
  posted: { label: 'Проведён', tone: 'ok' },
  rejected: { label: 'Отклонён биллингом', tone: 'danger' },
  not_needed: { label: 'Без биллинга', tone: 'neutral' },
};

export const DELIVERY_STATES: Record<ResultDeliveryJson['state'], StatusLook> = {
  pending: { label: 'Ожидает', tone: 'info' },
  delivered: { label: 'Доставлено', tone: 'ok' },
  failed: { label: 'Не доставлено', tone: 'danger' },
};

export const DELIVERY_KINDS: Record<ResultDeliveryJson['kind'], string> = {
  callback: 'Callback источника',
  billing_mark: 'Отметка в биллинге',
  atol_callback: 'Callback АТОЛ Онлайн',
};

export const DELIVERY_OUTCOMES: Record<ResultDeliveryJson['outcome'], string> = {
  done: 'чек выдан',
  failed: 'чек не выдан',
};
