// An ATOL Online v4 registration request (`POST /possystem/v4/<group>/<operation>`) → the FiscalDocument
// the box fiscalizes, or ATOL's error 32 listing every wrong field. The request format: API_atol_online_v4.pdf
// (FFD 1.05), as transcribed in skodnik/atol-online:data/api/schemas/v4-FFD-1.05/request/{sell,correction}.json;
// what billings really send: anphsw/abills:Abills/modules/Extreceipt/API/Atol.pm (payment_register).
// What the box cannot fiscalize faithfully (agents, marking codes, discounts, payment types 2–9, FFD 1.2
// subjects) is refused with the field named, never printed differently from what was asked.
import type {
  FiscalDocument,
  FiscalItem,
  Operation,
  PaymentMethod,
  PaymentObject,
  TaxSystem,
  VatRate,
} from '../../drivers/fiscal-registrar.ts';
import { documentTotal, normalizeCustomerContact } from '../domain/service-receipt.ts';
import { atolErrors } from './atol-errors.ts';
import { kopecksOfRubles, thousandthsOfQuantity } from './atol-money.ts';
import { isAtolTime, isoDateOfAtolDate } from './atol-time.ts';

export const ATOL_OPERATIONS = [
  'sell',
  'sell_refund',
  'sell_correction',
  'buy',
  'buy_refund',
  'buy_correction',
] as const;
export type AtolOperation = (typeof ATOL_OPERATIONS)[number];

// Тег 1054: sell = приход, buy = расход; a correction is «коррекция прихода/расхода» (FFD 1.05 has no
// correction of a return, and ATOL v4 neither: v5 added sell_refund_correction).
const OPERATION_OF: Record<AtolOperation, Operation> = {
  sell: 'income',
  sell_refund: 'income_return',
  sell_correction: 'income',
  buy: 'expense',
  buy_refund: 'expense_return',
  buy_correction: 'expense',
};

export function isAtolOperation(value: string): value is AtolOperation {
  return (ATOL_OPERATIONS as readonly string[]).includes(value);
}

const TAX_SYSTEMS: readonly TaxSystem[] = [
  'osn',
  'usn_income',
  'usn_income_outcome',
  'envd',
  'esn',
  'patent',
];
// vat18/vat118 left the law on 1 January 2019; vat5/vat7/vat105/vat107 came with the 2025 УСН rates.
const VAT_RATES: readonly VatRate[] = [
  'none',
  'vat0',
  'vat10',
  'vat20',
  'vat110',
  'vat120',
  'vat5',
  'vat7',
  'vat105',
  'vat107',
];
const PAYMENT_METHODS: readonly PaymentMethod[] = [
  'full_prepayment',
  'prepayment',
  'advance',
  'full_payment',
];
const PAYMENT_OBJECTS: readonly PaymentObject[] = ['commodity', 'service', 'payment', 'another'];
// Fields of an item or receipt that change what the FN must record (agent tags 1057/1222, supplier 1224,
// marking 1162, excise 1229, customs 1230/1231, discounts) and that our registrar cannot write.
const UNSUPPORTED_ITEM_FIELDS = [
  'agent_info',
  'supplier_info',
  'nomenclature_code',
  'excise',
  'country_code',
  'declaration_number',
];
const UNSUPPORTED_RECEIPT_FIELDS = ['agent_info', 'supplier_info'];

/** What the organization of the group says, against which a request is checked. */
export interface AtolReceiptContext {
  /** The organization's INN: company.inn must equal it. */
  inn: string;
  /** Used when company.sno is left out (ATOL: needed only when the register has several). */
  taxSystem: TaxSystem;
  /** The source's receipt settings, used when an item leaves payment_method / payment_object out. */
  paymentMethod: PaymentMethod;
  paymentObject: PaymentObject;
}

export interface AtolRegistration {
  externalId: string;
  callbackUrl: string | null;
  document: FiscalDocument;
  totalKopecks: number;
  method: 'cash' | 'electronic';
  customerContact: string | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects problems as ATOL lists them: `#/<path>: <what is wrong>`. */
class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): undefined {
    this.list.push(`#/${path}: ${message}`);
    return undefined;
  }

  string(
    json: Json,
    key: string,
    path: string,
    options: { max: number; required: boolean },
  ): string | undefined {
    const value = json[key];
    if (value === undefined || value === null || value === '') {
      return options.required ? this.add(path, 'обязательное поле') : undefined;
    }
    if (typeof value !== 'string') return this.add(path, 'должно быть строкой');
    if (value.length > options.max) return this.add(path, `длиннее ${options.max} символов`);
    return value;
  }

  money(json: Json, key: string, path: string, max = 100_000_000): number | undefined {
    const value = json[key];
    if (value === undefined || value === null) return this.add(path, 'обязательное поле');
    if (typeof value !== 'number')
      return this.add(path, 'должно быть числом (рубли, до 2 знаков после точки)');
    if (value < 0 || value > max) return this.add(path, `должно быть от 0 до ${max}`);
    const kopecks = kopecksOfRubles(value);
    if (kopecks === undefined) return this.add(path, 'больше 2 знаков после точки');
    return kopecks;
  }

  oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string, why: string): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    return this.add(path, `${JSON.stringify(value ?? null)} — ${why}: ${allowed.join(', ')}`);
  }
}

function parseItem(
  raw: unknown,
  path: string,
  context: AtolReceiptContext,
  problems: Problems,
): FiscalItem | undefined {
  if (!isObject(raw)) return problems.add(path, 'должно быть объектом');
  for (const field of UNSUPPORTED_ITEM_FIELDS) {
    if (raw[field] !== undefined && raw[field] !== null)
      problems.add(`${path}/${field}`, 'не поддерживается кассой KassaBox');
  }
  const name = problems.string(raw, 'name', `${path}/name`, { max: 128, required: true });
  const price = problems.money(raw, 'price', `${path}/price`, 42_949_673);
  const sum = problems.money(raw, 'sum', `${path}/sum`);
  let quantity: number | undefined;
  const rawQuantity = raw.quantity;
  if (typeof rawQuantity !== 'number') {
    problems.add(`${path}/quantity`, 'должно быть числом');
  } else if (rawQuantity < 0.001 || rawQuantity > 100_000) {
    problems.add(`${path}/quantity`, 'должно быть от 0.001 до 100000');
  } else {
    const thousandths = thousandthsOfQuantity(rawQuantity);
    if (thousandths === undefined) problems.add(`${path}/quantity`, 'больше 3 знаков после точки');
    else quantity = thousandths / 1000;
  }
  const paymentMethod =
    raw.payment_method === undefined
      ? context.paymentMethod
      : problems.oneOf(raw.payment_method, PAYMENT_METHODS, `${path}/payment_method`, 'касса принимает');
  const paymentObject =
    raw.payment_object === undefined
      ? context.paymentObject
      : problems.oneOf(raw.payment_object, PAYMENT_OBJECTS, `${path}/payment_object`, 'касса принимает');
  const vat = isObject(raw.vat)
    ? problems.oneOf(raw.vat.type, VAT_RATES, `${path}/vat/type`, 'допустимы')
    : problems.add(`${path}/vat`, 'обязательный объект {"type": …}');
  if (name === undefined || price === undefined || sum === undefined || quantity === undefined)
    return undefined;
  // Discounts (sum below price × quantity) need tags the box does not write; ATOL's own check is the same
  // product rounded to kopecks (documentTotal rounds the same way, so the payment's total agrees).
  const product = Math.round(price * quantity);
  if (sum !== product) {
    problems.add(`${path}/sum`, `должно равняться price × quantity = ${(product / 100).toFixed(2)}`);
  }
  if (paymentMethod === undefined || paymentObject === undefined || vat === undefined) return undefined;
  return { name, priceKopecks: price, quantity, vat, paymentMethod, paymentObject };
}

/** payments[]: type 0 наличными, 1 безналичными; 2–9 (аванс, кредит, встречное представление, …) refused. */
function parsePayments(
  raw: unknown,
  path: string,
  problems: Problems,
): { cashKopecks: number; electronicKopecks: number } | undefined {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 10) {
    return problems.add(path, 'должен быть массивом из 1–10 оплат');
  }
  let cashKopecks = 0;
  let electronicKopecks = 0;
  for (const [index, payment] of raw.entries()) {
    const at = `${path}/${index}`;
    if (!isObject(payment)) {
      problems.add(at, 'должно быть объектом');
      continue;
    }
    const sum = problems.money(payment, 'sum', `${at}/sum`);
    if (payment.type === 0) cashKopecks += sum ?? 0;
    else if (payment.type === 1) electronicKopecks += sum ?? 0;
    else {
      problems.add(
        `${at}/type`,
        `${JSON.stringify(payment.type ?? null)} — касса принимает 0 (наличными) и 1 (безналичными); ` +
          'зачёт аванса, кредит и встречное представление (2–9) не поддерживаются',
      );
    }
  }
  return { cashKopecks, electronicKopecks };
}

function parseCompany(
  raw: unknown,
  path: string,
  context: AtolReceiptContext,
  problems: Problems,
): TaxSystem | undefined {
  if (!isObject(raw)) return problems.add(path, 'обязательный объект');
  const inn = problems.string(raw, 'inn', `${path}/inn`, { max: 12, required: true });
  if (inn !== undefined && inn !== context.inn) {
    problems.add(`${path}/inn`, `ИНН ${inn} не соответствует ИНН организации ${context.inn}`);
  }
  problems.string(raw, 'payment_address', `${path}/payment_address`, { max: 256, required: false });
  if (raw.sno === undefined || raw.sno === null || raw.sno === '') return context.taxSystem;
  return problems.oneOf(raw.sno, TAX_SYSTEMS, `${path}/sno`, 'допустимы');
}

/** client.email or client.phone (either may be left empty; ATOL prefers the e-mail when both are given). */
function parseClient(raw: unknown, path: string, problems: Problems): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) return problems.add(path, 'должно быть объектом');
  const email = problems.string(raw, 'email', `${path}/email`, { max: 64, required: false });
  const phone = problems.string(raw, 'phone', `${path}/phone`, { max: 64, required: false });
  const given = email ?? phone;
  if (given === undefined) return undefined;
  const contact = normalizeCustomerContact(given);
  if (contact === undefined) {
    return problems.add(
      `${path}/${email === undefined ? 'phone' : 'email'}`,
      'не телефон (+79991234567) и не e-mail',
    );
  }
  return contact;
}

function parseCommon(body: Json, problems: Problems): { externalId?: string; callbackUrl: string | null } {
  const externalId = problems.string(body, 'external_id', 'external_id', { max: 128, required: true });
  const timestamp = problems.string(body, 'timestamp', 'timestamp', { max: 19, required: true });
  if (timestamp !== undefined && !isAtolTime(timestamp))
    problems.add('timestamp', 'формат dd.MM.yyyy HH:mm:ss');
  let callbackUrl: string | null = null;
  if (body.service !== undefined && body.service !== null) {
    if (!isObject(body.service)) problems.add('service', 'должно быть объектом');
    else {
      const url = problems.string(body.service, 'callback_url', 'service/callback_url', {
        max: 256,
        required: false,
      });
      if (url !== undefined) {
        if (!/^https?:\/\/[^\s/]+/i.test(url) || !URL.canParse(url)) {
          problems.add('service/callback_url', 'должен быть адресом http:// или https://');
        } else callbackUrl = url;
      }
    }
  }
  return { ...(externalId === undefined ? {} : { externalId }), callbackUrl };
}

function receiptOf(
  body: Json,
  operation: AtolOperation,
  context: AtolReceiptContext,
  problems: Problems,
): Omit<AtolRegistration, 'externalId' | 'callbackUrl'> | undefined {
  const receipt = body.receipt;
  if (!isObject(receipt)) return problems.add('receipt', 'обязательный объект');
  for (const field of UNSUPPORTED_RECEIPT_FIELDS) {
    if (receipt[field] !== undefined && receipt[field] !== null) {
      problems.add(`receipt/${field}`, 'не поддерживается кассой KassaBox');
    }
  }
  const customerContact = parseClient(receipt.client, 'receipt/client', problems);
  const taxSystem = parseCompany(receipt.company, 'receipt/company', context, problems);
  let items: FiscalItem[] | undefined;
  if (!Array.isArray(receipt.items) || receipt.items.length < 1 || receipt.items.length > 100) {
    problems.add('receipt/items', 'должен быть массивом из 1–100 позиций');
  } else {
    const parsed = receipt.items.map((item, index) =>
      parseItem(item, `receipt/items/${index}`, context, problems),
    );
    if (parsed.every((item) => item !== undefined)) items = parsed as FiscalItem[];
  }
  const payments = parsePayments(receipt.payments, 'receipt/payments', problems);
  const total = problems.money(receipt, 'total', 'receipt/total');
  if (items === undefined || payments === undefined || total === undefined || taxSystem === undefined)
    return undefined;
  const document: FiscalDocument = {
    operation: OPERATION_OF[operation],
    items,
    payments,
    taxSystem,
    electronicOnly: false,
    ...(customerContact === undefined ? {} : { customerContact }),
  };
  const itemsTotal = documentTotal(document);
  if (total !== itemsTotal)
    problems.add('receipt/total', `должно равняться сумме позиций ${(itemsTotal / 100).toFixed(2)}`);
  const paid = payments.cashKopecks + payments.electronicKopecks;
  if (paid !== total)
    problems.add('receipt/payments', `сумма оплат ${(paid / 100).toFixed(2)} не равна total`);
  if (total <= 0) problems.add('receipt/total', 'должно быть больше 0');
  return {
    document,
    totalKopecks: total,
    method: payments.electronicKopecks > 0 ? 'electronic' : 'cash',
    customerContact,
  };
}

// A correction in v4 (FFD 1.05) has no items: company, correction_info, payments and vats. The box's
// correction receipt is a document whose one item carries the total at the one VAT rate given
// (drivers/fiscal-registrar.ts FiscalCorrection); several rates cannot be split into bases, so refused.
function correctionOf(
  body: Json,
  operation: AtolOperation,
  context: AtolReceiptContext,
  problems: Problems,
): Omit<AtolRegistration, 'externalId' | 'callbackUrl'> | undefined {
  const correction = body.correction;
  if (!isObject(correction)) return problems.add('correction', 'обязательный объект');
  const taxSystem = parseCompany(correction.company, 'correction/company', context, problems);
  const payments = parsePayments(correction.payments, 'correction/payments', problems);
  let info: FiscalDocument['correction'];
  const rawInfo = correction.correction_info;
  if (!isObject(rawInfo)) problems.add('correction/correction_info', 'обязательный объект');
  else {
    const type = problems.oneOf(
      rawInfo.type,
      ['self', 'instruction'] as const,
      'correction/correction_info/type',
      'допустимы',
    );
    const date = problems.string(rawInfo, 'base_date', 'correction/correction_info/base_date', {
      max: 10,
      required: true,
    });
    const baseDate = date === undefined ? undefined : isoDateOfAtolDate(date);
    if (date !== undefined && baseDate === undefined)
      problems.add('correction/correction_info/base_date', 'формат dd.MM.yyyy');
    const baseNumber = problems.string(rawInfo, 'base_number', 'correction/correction_info/base_number', {
      max: 32,
      required: type === 'instruction',
    });
    if (type !== undefined && baseDate !== undefined) info = { type, baseDate, baseNumber: baseNumber ?? '' };
  }
  let vat: VatRate | undefined;
  const vats = correction.vats;
  if (!Array.isArray(vats) || vats.length < 1)
    problems.add('correction/vats', 'должен быть массивом из 1 ставки');
  else if (vats.length > 1)
    problems.add('correction/vats', 'касса KassaBox принимает коррекцию с одной ставкой НДС');
  else
    vat = problems.oneOf(
      isObject(vats[0]) ? vats[0].type : undefined,
      VAT_RATES,
      'correction/vats/0/type',
      'допустимы',
    );
  if (taxSystem === undefined || payments === undefined || info === undefined || vat === undefined)
    return undefined;
  const total = payments.cashKopecks + payments.electronicKopecks;
  if (total <= 0) return problems.add('correction/payments', 'сумма оплат должна быть больше 0');
  const document: FiscalDocument = {
    operation: OPERATION_OF[operation],
    items: [
      {
        name: operation === 'sell_correction' ? 'Коррекция прихода' : 'Коррекция расхода',
        priceKopecks: total,
        quantity: 1,
        vat,
        paymentMethod: 'full_payment',
        paymentObject: 'another',
      },
    ],
    payments,
    taxSystem,
    electronicOnly: false,
    correction: info,
  };
  return {
    document,
    totalKopecks: total,
    method: payments.electronicKopecks > 0 ? 'electronic' : 'cash',
    customerContact: undefined,
  };
}

/**
 * The payment's account for a request: the customer's contact when the receipt names one, else the
 * external_id (an ATOL request has no account field; the account only files the payment: the group's
 * source names the organization, and its account rules do not apply).
 */
export function atolAccountOf(body: unknown): string {
  if (!isObject(body)) return '-';
  const receipt = isObject(body.receipt) ? body.receipt : undefined;
  const client = receipt && isObject(receipt.client) ? receipt.client : undefined;
  for (const key of ['email', 'phone']) {
    const value = client?.[key];
    const contact = typeof value === 'string' && value !== '' ? normalizeCustomerContact(value) : undefined;
    if (contact !== undefined) return contact;
  }
  const externalId = typeof body.external_id === 'string' ? body.external_id.trim() : '';
  return externalId === '' ? '-' : externalId.slice(0, 64);
}

/** The request as the box will fiscalize it; throws ATOL's error 32 (or 40) naming every wrong field. */
export function parseAtolRequest(
  operation: AtolOperation,
  body: unknown,
  context: AtolReceiptContext,
): AtolRegistration {
  if (!isObject(body)) throw atolErrors.badRequest('Тело запроса должно быть JSON-объектом.');
  const problems = new Problems();
  const { externalId, callbackUrl } = parseCommon(body, problems);
  const parsed = operation.endsWith('_correction')
    ? correctionOf(body, operation, context, problems)
    : receiptOf(body, operation, context, problems);
  if (problems.list.length > 0 || parsed === undefined || externalId === undefined) {
    throw atolErrors.validation(problems.list);
  }
  return { externalId, callbackUrl, ...parsed };
}
