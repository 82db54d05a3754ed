import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { errorText, isSilent } from './error-text.ts';

describe('errorText', () => {
  it('gives a Russian headline per code and keeps the server message as detail', () => {
    const error = new ApiError(
      502,
      'device_error',
      'Refused before sending: the shift is already open (mode 2)',
    );
    expect(errorText(error)).toEqual({
      title: 'Касса ответила ошибкой',
      detail: 'Refused before sending: the shift is already open (mode 2)',
    });
  });

  it('lists the fields of an invalid request', () => {
    const error = new ApiError(400, 'invalid_request', 'The request body is invalid', [
      { path: '/host', location: 'body', message: 'must be a host name' },
      { path: '/port', location: 'body', message: 'must be ≤ 65535' },
    ]);
    expect(errorText(error).detail).toBe('host: must be a host name; port: must be ≤ 65535');
    expect(error.fieldErrors()).toEqual({ host: 'must be a host name', port: 'must be ≤ 65535' });
  });

  it('keeps a nested field under its dotted path too', () => {
    const error = new ApiError(400, 'invalid_request', 'The request body is invalid', [
      { path: '/settings/columns/account', location: 'body', message: 'must be a column name' },
    ]);
    expect(error.fieldErrors()).toEqual({
      settings: 'must be a column name',
      'settings.columns.account': 'must be a column name',
    });
  });

  it('says when a locked account can try again', () => {
    const error = new ApiError(429, 'account_locked', 'locked', [], 840);
    expect(errorText(error)).toEqual({
      title: 'Учётная запись временно заблокирована',
      detail: 'Попробуйте снова через 14 мин.',
    });
  });

  it('names an unknown code by its HTTP status', () => {
    expect(errorText(new ApiError(418, 'teapot', '')).title).toBe('Ошибка 418');
  });

  it('keeps an ended session silent: the login page follows', () => {
    expect(isSilent(new ApiError(401, 'unauthenticated', 'x'))).toBe(true);
    expect(isSilent(new ApiError(401, 'invalid_credentials', 'x'))).toBe(false);
  });
});
