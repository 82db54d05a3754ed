// The lifecycle settings (issue 4): how often registers are polled, the daily shift close and the
// longest a shift may run before the box closes it. Turned into Russian text and checked before a PATCH
// (the server checks the same bounds: app/settings/settings-service.ts LIFECYCLE_BOUNDS).

export interface LifecycleValues {
  status_poll_seconds: number;
  shift_close_time: string | null;
  shift_max_hours: number;
}

export const POLL_BOUNDS = { min: 10, max: 3600 };
export const SHIFT_HOURS_BOUNDS = { min: 1, max: 23.5 };

export function pollText(seconds: number): string {
  if (seconds % 60 === 0) return `каждые ${seconds / 60} мин`;
  return `каждые ${seconds} с`;
}

export function hoursText(hours: number): string {
  return `${String(hours).replace('.', ',')} ч`;
}

export function lifecycleForm(values: LifecycleValues): Record<keyof LifecycleValues, string> {
  return {
    status_poll_seconds: String(values.status_poll_seconds),
    shift_close_time: values.shift_close_time ?? '',
    shift_max_hours: String(values.shift_max_hours).replace('.', ','),
  };
}

export function lifecyclePatch(form: Record<keyof LifecycleValues, string>): {
  patch: LifecycleValues | null;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const poll = Number(form.status_poll_seconds.trim());
  if (!Number.isInteger(poll) || poll < POLL_BOUNDS.min || poll > POLL_BOUNDS.max) {
    errors.status_poll_seconds = `Целое число секунд от ${POLL_BOUNDS.min} до ${POLL_BOUNDS.max}`;
  }
  const close = form.shift_close_time.trim();
  if (close !== '' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(close))
    errors.shift_close_time = 'Время ЧЧ:ММ или пусто';
  const hoursText = form.shift_max_hours.trim().replace(',', '.');
  const hours = Number(hoursText);
  if (
    hoursText === '' ||
    !Number.isFinite(hours) ||
    hours < SHIFT_HOURS_BOUNDS.min ||
    hours > SHIFT_HOURS_BOUNDS.max
  ) {
    errors.shift_max_hours = 'От 1 до 23,5 часа: ФН не даёт смене идти дольше 24 часов';
  }
  if (Object.keys(errors).length > 0) return { patch: null, errors };
  return {
    patch: {
      status_poll_seconds: poll,
      shift_close_time: close === '' ? null : close,
      shift_max_hours: hours,
    },
    errors,
  };
}
