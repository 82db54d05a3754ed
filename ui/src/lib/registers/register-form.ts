// The register form as plain data: what the inputs hold (text, as typed), the checks worth doing before
// the server is asked, and the bodies for POST /registers, PATCH /registers/:id and the connection test.
// The server validates everything again; this only catches typos early and sends no empty strings.
import type {
  RegisterCreateBody,
  RegisterJson,
  RegisterPatchBody,
  TestConnectionBodyJson,
} from '../api/types.ts';

export interface RegisterDraft {
  name: string;
  organizationId: string;
  host: string;
  port: string;
  protocol: 'v1' | 'v2';
  /** Empty: keep the current one (edit) or use the factory 30 (new). */
  password: string;
  timezone: string;
  electronicOnly: boolean;
  enabled: boolean;
  cashierName: string;
  cashierInn: string;
}

export const RUSSIAN_TIMEZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
] as const;

export function emptyDraft(organizationId?: number): RegisterDraft {
  return {
    name: '',
    organizationId: organizationId === undefined ? '' : String(organizationId),
    host: '',
    port: '7778',
    protocol: 'v1',
    password: '',
    timezone: 'Europe/Moscow',
    electronicOnly: false,
    enabled: true,
    cashierName: 'Кассир',
    cashierInn: '',
  };
}

export function draftOf(register: RegisterJson): RegisterDraft {
  return {
    name: register.name,
    organizationId: String(register.organization_id),
    host: register.host,
    port: String(register.port),
    protocol: register.protocol,
    password: '',
    timezone: register.timezone,
    electronicOnly: register.electronic_only,
    enabled: register.enabled,
    cashierName: register.cashier_name,
    cashierInn: register.cashier_inn ?? '',
  };
}

export type DraftErrors = Partial<Record<keyof RegisterDraft, string>>;

const WHOLE = /^\d+$/;

export function validateDraft(draft: RegisterDraft, creating: boolean): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.name.trim()) errors.name = 'Введите название';
  if (creating && !draft.organizationId) errors.organizationId = 'Выберите организацию';
  if (!draft.host.trim()) errors.host = 'Введите IP-адрес или имя';
  else if (!/^[A-Za-z0-9._:-]+$/.test(draft.host.trim()))
    errors.host = 'Только латиница, цифры, точки и дефисы';
  const port = Number(draft.port);
  if (!WHOLE.test(draft.port.trim()) || port < 1 || port > 65535) errors.port = 'Порт — число от 1 до 65535';
  if (draft.password.trim() && (!WHOLE.test(draft.password.trim()) || Number(draft.password) > 4294967295)) {
    errors.password = 'Пароль оператора — число (по умолчанию 30)';
  }
  if (!draft.timezone.trim()) errors.timezone = 'Укажите часовой пояс';
  if (!draft.cashierName.trim()) errors.cashierName = 'Введите ФИО кассира';
  if (draft.cashierInn.trim() && !/^\d{12}$/.test(draft.cashierInn.trim())) {
    errors.cashierInn = 'ИНН кассира — 12 цифр';
  }
  return errors;
}

function password(draft: RegisterDraft): number | undefined {
  return draft.password.trim() ? Number(draft.password.trim()) : undefined;
}

export function createBody(draft: RegisterDraft): RegisterCreateBody {
  const pass = password(draft);
  return {
    organization_id: Number(draft.organizationId),
    name: draft.name.trim(),
    driver: 'shtrih',
    host: draft.host.trim(),
    port: Number(draft.port),
    protocol: draft.protocol,
    ...(pass === undefined ? {} : { password: pass }),
    timezone: draft.timezone.trim(),
    electronic_only: draft.electronicOnly,
    enabled: draft.enabled,
    cashier_name: draft.cashierName.trim(),
    cashier_inn: draft.cashierInn.trim() || null,
  };
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function patchBody(before: RegisterJson, draft: RegisterDraft): RegisterPatchBody {
  const after = createBody(draft);
  const patch: RegisterPatchBody = {};
  if (after.name !== before.name) patch.name = after.name;
  if (after.host !== before.host) patch.host = after.host;
  if (after.port !== before.port) patch.port = after.port;
  if (after.protocol !== before.protocol) patch.protocol = after.protocol;
  if (after.password !== undefined) patch.password = after.password;
  if (after.timezone !== before.timezone) patch.timezone = after.timezone;
  if (after.electronic_only !== before.electronic_only) patch.electronic_only = after.electronic_only;
  if (after.enabled !== before.enabled) patch.enabled = after.enabled;
  if (after.cashier_name !== before.cashier_name) patch.cashier_name = after.cashier_name;
  if (after.cashier_inn !== before.cashier_inn) patch.cashier_inn = after.cashier_inn ?? null;
  return patch;
}

export function connectionBody(draft: RegisterDraft): TestConnectionBodyJson {
  const pass = password(draft);
  return {
    driver: 'shtrih',
    host: draft.host.trim(),
    port: Number(draft.port),
    protocol: draft.protocol,
    ...(pass === undefined ? {} : { password: pass }),
  };
}
