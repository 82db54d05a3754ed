// Turns a device error code from an answer («Если код ошибки не 0, передается только код команды и
// код ошибки», spec §«Ответы и коды ошибок») into the driver's FiscalError. The device refused the
// command and said so, therefore outcomeKnown is always true here.

import { FiscalError } from '../../fiscal-error.ts';
import { DEVICE_ERRORS, type DeviceErrorEntry } from './device-error-table.ts';

export function describeDeviceError(code: number): DeviceErrorEntry | undefined {
  return DEVICE_ERRORS.get(code);
}

/** Hex code as the spec writes it, e.g. 0x4E → '4Eh'. */
export function deviceErrorLabel(code: number): string {
  return `${code.toString(16).padStart(2, '0').toUpperCase()}h`;
}

export function deviceError(code: number, command: string): FiscalError {
  const entry = DEVICE_ERRORS.get(code);
  const deviceMessage = entry?.text ?? 'Неизвестная ошибка';
  return new FiscalError(entry?.code ?? 'device_error', {
    outcomeKnown: true,
    retryable: entry?.retryable ?? false,
    deviceCode: code,
    command,
    deviceMessage,
    message: `${command}: device error ${deviceErrorLabel(code)} ${deviceMessage}`,
  });
}
