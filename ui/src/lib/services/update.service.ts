// Updates (docs/api.md "Updates", docs/updates.md): the box's versions and the installer's last result,
// a signed bundle uploaded with progress, and the rollback request. The upload goes through
// XMLHttpRequest because fetch cannot report upload progress; it sends the raw file as
// application/octet-stream (the server streams it to disk) with the session's CSRF token.
import { API_BASE, ApiError, api } from '../api/client.ts';
import type { StagedUpdateJson, UpdateStatusJson } from '../api/types.ts';
import { session } from '../session/session.svelte.ts';

export function getUpdateStatus(): Promise<UpdateStatusJson> {
  return api.get<UpdateStatusJson>('/update');
}

export function requestRollback(): Promise<UpdateStatusJson> {
  return api.post<UpdateStatusJson>('/update/rollback');
}

/** Uploads a .kbupdate; `onProgress` gets 0…1 while the bytes go out. */
export function uploadBundle(file: File, onProgress: (fraction: number) => void): Promise<StagedUpdateJson> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/update`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    if (session.csrfToken) xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'KassaBox не отвечает: проверьте сеть'));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        reject(new ApiError(xhr.status, 'bad_answer', `Непонятный ответ сервера (HTTP ${xhr.status})`));
        return;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(json as StagedUpdateJson);
        return;
      }
      const body = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
      reject(new ApiError(xhr.status, body?.code ?? `http_${xhr.status}`, body?.message ?? xhr.statusText));
    };
    xhr.send(file);
  });
}

/** The installer's states in Russian, with the tone of their badge. */
export function updateStateLook(state: string): {
  label: string;
  tone: 'ok' | 'warn' | 'danger' | 'info' | 'neutral';
} {
  switch (state) {
    case 'installing':
      return { label: 'Устанавливается', tone: 'info' };
    case 'installed':
      return { label: 'Установлено', tone: 'ok' };
    case 'rolling_back':
      return { label: 'Откат выполняется', tone: 'info' };
    case 'rolled_back':
      return { label: 'Возвращена прежняя версия', tone: 'warn' };
    case 'refused':
      return { label: 'Отклонено', tone: 'danger' };
    case 'failed':
      return { label: 'Ошибка', tone: 'danger' };
    default:
      return { label: state, tone: 'neutral' };
  }
}
