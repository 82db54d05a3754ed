// The one error/notice path of the UI: every page reports failures with notifyError() and successes
// with notifySuccess(); <ToastHost> in the root layout shows them. Errors stay until closed (a person
// must see them); successes fade after a few seconds.
import { type ErrorText, errorText, isSilent } from './error-text.ts';

export type ToastKind = 'error' | 'success' | 'info';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  detail: string | undefined;
}

const SUCCESS_MS = 4000;
const MAX_SHOWN = 4;

class Toasts {
  items: Toast[] = $state([]);
  private next = 1;

  push(kind: ToastKind, text: ErrorText): number {
    const id = this.next++;
    // The same error twice in a row (a retry loop, a double click) is shown once.
    const last = this.items.at(-1);
    if (last && last.kind === kind && last.title === text.title && last.detail === text.detail)
      return last.id;
    this.items = [...this.items, { id, kind, ...text }].slice(-MAX_SHOWN);
    if (kind !== 'error') setTimeout(() => this.dismiss(id), SUCCESS_MS);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((toast) => toast.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}

export const toasts = new Toasts();

/** Reports a failure; `action` says what was being done («Не удалось закрыть смену»). */
export function notifyError(error: unknown, action?: string): void {
  if (isSilent(error)) return;
  const text = errorText(error);
  toasts.push(
    'error',
    action ? { title: action, detail: [text.title, text.detail].filter(Boolean).join(': ') } : text,
  );
}

export function notifySuccess(title: string, detail?: string): void {
  toasts.push('success', { title, detail });
}

export function notifyInfo(title: string, detail?: string): void {
  toasts.push('info', { title, detail });
}
