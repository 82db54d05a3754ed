// ATOL Online v4 error answers. Every answer of the protocol routes — a refused token, a bad receipt,
// bad JSON, our own failure — has ATOL's shape `{error: {error_id, code, text, type}, timestamp}` (plus
// `status` and `uuid` where ATOL puts them), never the /api/v1 error shape: a billing written for ATOL
// reads `error.code` and `error.text`.
// Codes, HTTP statuses and texts: the error table of API_atol_online_v4.pdf (document 5.15, §8.1),
// transcribed in skodnik/atol-online:src/Api/StatusErrorConstants.php and
// data/samples/response/*.json (live answers, e.g. getToken with a bad token → code 10).
import { randomUUID } from 'node:crypto';

export type AtolErrorType = 'system' | 'unknown' | 'driver' | 'timeout' | 'agent';

export interface AtolErrorJson {
  error_id: string;
  code: number;
  text: string;
  type: AtolErrorType;
}

export class AtolError extends Error {
  readonly httpStatus: number;
  readonly code: number;
  readonly type: AtolErrorType;
  /** `status` of the answer where ATOL sends one ('fail' for a refused receipt). */
  readonly status: 'fail' | 'wait' | undefined;

  constructor(httpStatus: number, code: number, text: string, status?: 'fail' | 'wait') {
    super(text);
    this.name = 'AtolError';
    this.httpStatus = httpStatus;
    this.code = code;
    this.type = 'system';
    this.status = status;
  }

  json(): AtolErrorJson {
    return { error_id: randomUUID(), code: this.code, text: this.message, type: this.type };
  }
}

// One constructor per row of ATOL's table that the box answers.
export const atolErrors = {
  /** 1 IncomingChequeProcessingFailed: the server could not process the receipt. */
  processingFailed: (text = 'Сервер не смог обработать входной чек.') => new AtolError(400, 1, text),
  /** 10 MissingToken: no token, or one the box never issued. */
  missingToken: () => new AtolError(401, 10, 'Не распознан токен запроса'),
  /** 11 ExpiredToken: older than 24 hours (or its group was changed or removed). */
  expiredToken: () => new AtolError(401, 11, 'Переданный токен не активен'),
  /** 12 WrongLoginOrPassword. */
  wrongLogin: () => new AtolError(401, 12, 'Неверный логин или пароль'),
  /**
   * 14 UserBlocked (HTTP 403 in ATOL's table): ATOL blocks a user until its support unblocks it; the box
   * blocks an address after too many failed getToken calls, for a quarter of an hour (auth/login-throttle.ts).
   */
  tooManyAttempts: () =>
    new AtolError(
      403,
      14,
      'Пользователь заблокирован: слишком много неверных паролей с этого адреса; повторите через 15 минут.',
    ),
  /** 20 GroupCodeAndTokenDontMatch: a token works for its own group only. */
  groupMismatch: () => new AtolError(401, 20, 'Код группы, указанный в запросе, не соответствует токену.'),
  /** 30 MissingUuid: no such document in this group. */
  unknownUuid: (uuid: string) =>
    new AtolError(
      400,
      30,
      `Передан некорректный UUID : "${uuid}". Необходимо повторить запрос с корректными данными`,
      'fail',
    ),
  /** 31 IncomingOperationNotSupported. */
  operationNotSupported: (operation: string) =>
    new AtolError(400, 31, `Операция "${operation}" не поддерживается.`),
  /**
   * 32 IncomingValidationException: ATOL lists the wrong fields as `<problem>: #/<path>`
   * (skodnik/atol-online getTokenResponseFail-02.json); ours also say what is expected.
   */
  validation: (problems: string[]) =>
    new AtolError(400, 32, `Ошибка валидации входного чека. Ошибочные поля : ${problems.join('; ')}`, 'fail'),
  /** 33 IncomingExternalIdAlreadyExists. */
  externalIdExists: (externalId: string, groupCode: string, detail: string) =>
    new AtolError(
      400,
      33,
      `В системе существует чек с external_id : ${externalId} и group_code: ${groupCode}; ${detail}`,
      'fail',
    ),
  /** 40 BadRequest: not JSON, or not an object. */
  badRequest: (detail: string) => new AtolError(400, 40, `Некорректный запрос. ${detail}`),
  /** 41 UnsupportedMediaType. */
  unsupportedMediaType: (contentType: string) =>
    new AtolError(415, 41, `Некорректный Content-Type: ${contentType}.`),
  /** 50 ErrorServerConfiguration: our own failure; the details are in the box's log only. */
  server: () => new AtolError(500, 50, 'Ошибка сервера. Обратитесь к Администратору.'),
} as const;
