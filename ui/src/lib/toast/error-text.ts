// What a person reads when something fails: a Russian headline per error code, and the server's own
// message (English, precise: "Refused before sending: the shift is already open (mode 2)") as detail.
import { ApiError } from '../api/client.ts';

const HEADLINES: Record<string, string> = {
  network_error: 'Нет связи с KassaBox',
  bad_answer: 'Непонятный ответ сервера',
  invalid_request: 'Проверьте введённые данные',
  invalid_json: 'Сервер не понял запрос',
  unauthenticated: 'Сеанс закончился — войдите снова',
  invalid_credentials: 'Неверное имя пользователя или пароль',
  csrf_failed: 'Сеанс устарел — обновите страницу',
  forbidden: 'Недостаточно прав для этого действия',
  not_found: 'Не найдено',
  conflict: 'Конфликт с текущим состоянием',
  in_use: 'Нельзя удалить: объект используется',
  payment_conflict: 'Платёж с этим номером уже есть, и он другой',
  job_state: 'Задание сейчас в другом состоянии',
  fd_mismatch: 'Этот фискальный документ не подходит',
  register_unavailable: 'Касса выключена или не запущена',
  device_error: 'Касса ответила ошибкой',
  account_locked: 'Учётная запись временно заблокирована',
  too_many_attempts: 'Слишком много неудачных попыток входа',
  register_not_assigned: 'Эта касса вам не назначена',
  too_many_streams: 'Открыто слишком много окон с обзором',
  setup_done: 'Администратор уже создан',
  last_admin: 'Нельзя оставить KassaBox без администратора',
  payload_too_large: 'Слишком большой запрос',
  update_rejected: 'Пакет обновления отклонён',
  internal_error: 'Внутренняя ошибка сервера',
};

export interface ErrorText {
  title: string;
  /** The server's explanation, when it adds something to the title. */
  detail: string | undefined;
}

export function errorText(error: unknown): ErrorText {
  if (error instanceof ApiError) {
    const title = HEADLINES[error.code] ?? `Ошибка ${error.status || ''}`.trim();
    if ((error.code === 'account_locked' || error.code === 'too_many_attempts') && error.retryAfter) {
      return { title, detail: `Попробуйте снова через ${Math.ceil(error.retryAfter / 60)} мин.` };
    }
    const fields = error.details.map((d) => `${d.path.replace(/^\//, '') || 'запрос'}: ${d.message}`);
    const detail = fields.length > 0 ? fields.join('; ') : error.message;
    return { title, detail: detail && detail !== title ? detail : undefined };
  }
  if (error instanceof Error) return { title: 'Что-то пошло не так', detail: error.message };
  return { title: 'Что-то пошло не так', detail: String(error) };
}

/** A session that ended is not a failure to report: the person is already on the way to /login. */
export function isSilent(error: unknown): boolean {
  if (error instanceof DOMException && error.name === 'AbortError') return true;
  return error instanceof ApiError && error.code === 'unauthenticated';
}
