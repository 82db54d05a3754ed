// Error codes the simulated PAYONLINE-01-ФА answers with (spec §«Коды ошибок»). Codes below 0x20 come
// from the FN and are relayed by the KKT unchanged (FN interface spec, tables 4–5); the rest are the
// KKT's own. Only the codes the simulator actually produces are listed; the table is data so a test can
// check that every code used has a description.

export const DeviceErrorCode = {
  /** ФН: другое (неверное) состояние ФН — the command needs another FN state (a document begun, …). */
  fnWrongState: 0x02,
  /** ФН: закончен срок эксплуатации ФН (FN spec table 5; KKT table: «не соответствуют сроку жизни ФН»). */
  fnExpired: 0x05,
  /** ФН: неверные дата и/или время (earlier than the last document). */
  fnBadDateTime: 0x07,
  /** ФН: нет запрошенных данных (no such document in the archive). */
  fnNoData: 0x08,
  /** ФН: превышение размеров TLV данных. */
  fnTlvTooLarge: 0x10,
  /** ФН: исчерпан ресурс ФН — требуется закрытие фискального режима. */
  fnResourceExhausted: 0x12,
  /**
   * ФН: исчерпан ресурс ожидания передачи сообщения — the oldest unsent document waits more than 30 days
   * (FN spec table 5; tables 32, 36, 38, 40 list it for opening/closing a shift and starting a receipt).
   */
  fnOfdWaitExceeded: 0x15,
  /** ФН: продолжительность смены более 24 часов. */
  fnShiftOver24h: 0x16,
  /** ККТ: некорректные параметры в команде (also used for a request of the wrong length). */
  badParameters: 0x33,
  /** ККТ: команда не поддерживается в данной реализации ККТ. */
  unsupported: 0x37,
  /** ККТ: смена открыта — операция невозможна. */
  shiftOpen: 0x3c,
  /** ККТ: смена не открыта — операция невозможна (the spec text repeats 3Ch's wording; see README). */
  shiftClosed: 0x3d,
  /** ККТ: сумма всех типов оплаты меньше итога чека. */
  paymentsBelowTotal: 0x45,
  /** ККТ: операция невозможна в открытом чеке данного типа. */
  wrongReceiptType: 0x49,
  /** ККТ: открыт чек — операция невозможна. */
  receiptOpen: 0x4a,
  /** ККТ: вносимая безналичной оплатой сумма больше суммы чека. */
  cashlessAboveTotal: 0x4d,
  /** ККТ: смена превысила 24 часа. */
  shiftExpired: 0x4e,
  /** ККТ: неверный пароль. */
  wrongPassword: 0x4f,
  /** ККТ: чек закрыт — операция невозможна. */
  receiptClosed: 0x55,
  /** ККТ: ожидание команды продолжения печати. */
  awaitingContinue: 0x58,
  /** ККТ: таблица не определена. */
  tableUndefined: 0x5d,
  /** ККТ: нет чековой ленты. */
  noPaper: 0x6b,
  /** ККТ: нулевой итог чека. */
  zeroTotal: 0x8e,
} as const;

export type DeviceErrorCode = (typeof DeviceErrorCode)[keyof typeof DeviceErrorCode];

/** Descriptions as the spec words them, for logs and test messages. */
export const DEVICE_ERROR_TEXT: Readonly<Record<DeviceErrorCode, string>> = {
  2: 'Другое состояние ФН',
  5: 'Закончен срок эксплуатации ФН',
  7: 'Неверные дата и/или время',
  8: 'Нет запрошенных данных',
  16: 'Превышение размеров TLV данных',
  18: 'Исчерпан ресурс ФН',
  21: 'Исчерпан ресурс ожидания передачи сообщения (более 30 дней)',
  22: 'Продолжительность смены более 24 часов',
  51: 'Некорректные параметры в команде',
  55: 'Команда не поддерживается в данной реализации ККТ',
  60: 'Смена открыта – операция невозможна',
  61: 'Смена не открыта – операция невозможна',
  69: 'Сумма всех типов оплаты меньше итога чека',
  73: 'Операция невозможна в открытом чеке данного типа',
  74: 'Открыт чек – операция невозможна',
  77: 'Вносимая безналичной оплатой сумма больше суммы чека',
  78: 'Смена превысила 24 часа',
  79: 'Неверный пароль',
  85: 'Чек закрыт – операция невозможна',
  88: 'Ожидание команды продолжения печати',
  93: 'Таблица не определена',
  107: 'Нет чековой ленты',
  142: 'Нулевой итог чека',
};

/** A refusal: the command was not executed and the device answers CMD + this code only. */
export class DeviceRefusal extends Error {
  readonly code: DeviceErrorCode;

  constructor(code: DeviceErrorCode, detail?: string) {
    super(`0x${code.toString(16).padStart(2, '0')} ${DEVICE_ERROR_TEXT[code]}${detail ? `: ${detail}` : ''}`);
    this.name = 'DeviceRefusal';
    this.code = code;
  }
}
