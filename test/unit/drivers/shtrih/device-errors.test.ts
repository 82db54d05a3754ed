import { describe, expect, it } from 'vitest';
import { FISCAL_ERROR_CODES } from '../../../../drivers/fiscal-error.ts';
import { readAnswer } from '../../../../drivers/shtrih/protocol/answer.ts';
import { DEVICE_ERROR_LIST, DEVICE_ERRORS } from '../../../../drivers/shtrih/protocol/device-error-table.ts';
import { deviceError } from '../../../../drivers/shtrih/protocol/device-errors.ts';
import { hex } from './hex.ts';

describe('device error table', () => {
  it.each([
    [0x4e, 'shift_expired'],
    [0x16, 'shift_expired'],
    [0x6b, 'paper_out'],
    [0x58, 'print_continue_required'],
    [0x4f, 'bad_password'],
    [0x12, 'fn_full'],
    [0x14, 'fn_full'],
    [0x06, 'fn_full'],
    [0x15, 'ofd_blocked'],
    [0x05, 'fn_expired'],
    [0x03, 'device_error'],
    [0x50, 'busy'],
    [0x4a, 'document_open'],
    [0x08, 'not_found'],
    [0x45, 'invalid_document'],
    [0x3c, 'shift_open'],
  ])('maps %s to %s', (code, expected) => {
    expect(deviceError(code, 'FF45').code).toBe(expected);
  });

  it('marks only waiting-helps conditions as retryable', () => {
    expect(deviceError(0x50, '10').retryable).toBe(true);
    expect(deviceError(0x30, '10').retryable).toBe(true);
    expect(deviceError(0x6b, '10').retryable).toBe(false);
    expect(deviceError(0x4e, '10').retryable).toBe(false);
  });

  it('always says the outcome is known: the device refused and said so', () => {
    for (const code of DEVICE_ERRORS.keys()) {
      expect(deviceError(code, 'FF46').outcomeKnown).toBe(true);
    }
  });

  it('carries the vendor code, command and Russian text', () => {
    const error = deviceError(0x4e, 'FF46');
    expect(error.details).toEqual({
      deviceCode: 0x4e,
      command: 'FF46',
      deviceMessage: 'Смена превысила 24 часа',
    });
    expect(error.message).toBe('FF46: device error 4Eh Смена превысила 24 часа');
  });

  it('keeps an unknown code as device_error with its number', () => {
    const error = deviceError(0xee, '10');
    expect(error.code).toBe('device_error');
    expect(error.details.deviceCode).toBe(0xee);
  });

  it('lists each code once', () => {
    expect(DEVICE_ERRORS.size).toBe(DEVICE_ERROR_LIST.length);
  });

  it('covers every code listed in the spec and uses only contract codes', () => {
    const specCodes = [
      0x01, 0x02, 0x03, 0x04, 0x05, 0x07, 0x08, 0x09, 0x10, 0x11, 0x12, 0x14, 0x16, 0x17, 0x20, 0x2f, 0x30,
      0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42, 0x43, 0x44,
      0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55,
      0x56, 0x58, 0x59, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62, 0x63, 0x65, 0x66, 0x68, 0x69, 0x6a,
      0x6b, 0x6d, 0x6e, 0x6f, 0x71, 0x72, 0x73, 0x74, 0x75, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e,
      0x7f, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x90, 0x91, 0x92, 0x93, 0x94,
      0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xc0, 0xc2, 0xc4, 0xc7, 0xc8,
    ];
    for (const code of specCodes) expect(DEVICE_ERRORS.get(code), `code ${code.toString(16)}`).toBeDefined();
    for (const entry of DEVICE_ERRORS.values()) expect(Object.keys(FISCAL_ERROR_CODES)).toContain(entry.code);
  });
});

describe('readAnswer', () => {
  it('turns a non-zero error code into the mapped FiscalError', () => {
    expect(() => readAnswer(0xff46, hex('FF 46 4E'))).toThrow(
      expect.objectContaining({ code: 'shift_expired' }),
    );
  });

  it('refuses an answer to another command as a protocol error with unknown outcome', () => {
    expect(() => readAnswer(0xff45, hex('FF 46 00'))).toThrow(
      expect.objectContaining({ code: 'protocol_error', outcomeKnown: false }),
    );
  });

  it('refuses an answer without an error code', () => {
    expect(() => readAnswer(0x10, hex('10'))).toThrow(expect.objectContaining({ code: 'protocol_error' }));
  });
});
