// HTTPS settings, read by loadConfig (config.ts). The box serves its UI over HTTPS with a certificate it
// makes itself at first start (issue 3); a developer's `make run` stays plain HTTP. Problems are pushed
// onto the caller's list so every mistake in the unit file is reported at once.
import type { Environment } from './config.ts';

export type TlsConfig =
  | { mode: 'off' }
  /** A certificate made on first start and kept in <data dir>/tls (tls-certificate.ts). */
  | { mode: 'self-signed' }
  /** The operator's own certificate and key (PEM files). */
  | { mode: 'files'; certFile: string; keyFile: string };

export interface HttpsSettings {
  tls: TlsConfig;
  /** A plain-HTTP listener that only redirects to HTTPS; undefined = none. */
  httpRedirectPort: number | undefined;
}

/** The port browsers try for http://<box>/: the redirect's default on the box. */
export const DEFAULT_HTTP_REDIRECT_PORT = 80;

export function parseHttpsSettings(env: Environment, httpsPort: number, problems: string[]): HttpsSettings {
  const production = env.NODE_ENV === 'production';
  const tls = parseTls(env, production, problems);

  const redirectValue = env.KASSABOX_HTTP_REDIRECT_PORT?.trim().toLowerCase() || undefined;
  let httpRedirectPort: number | undefined;
  if (redirectValue === undefined) {
    httpRedirectPort = production && tls.mode !== 'off' ? DEFAULT_HTTP_REDIRECT_PORT : undefined;
  } else if (redirectValue !== 'off') {
    const port = Number(redirectValue);
    if (!/^\d+$/.test(redirectValue) || port > 65535) {
      problems.push(
        `KASSABOX_HTTP_REDIRECT_PORT must be an integer from 0 to 65535 or off (got "${redirectValue}")`,
      );
    } else if (tls.mode === 'off') {
      problems.push('KASSABOX_HTTP_REDIRECT_PORT redirects to HTTPS, but KASSABOX_TLS is off');
    } else if (port !== 0 && port === httpsPort) {
      problems.push(`KASSABOX_HTTP_REDIRECT_PORT and KASSABOX_PORT are both ${port}`);
    } else {
      httpRedirectPort = port;
    }
  }
  return { tls, httpRedirectPort };
}

function parseTls(env: Environment, production: boolean, problems: string[]): TlsConfig {
  const value = env.KASSABOX_TLS?.trim().toLowerCase() || undefined;
  const certFile = env.KASSABOX_TLS_CERT?.trim() || undefined;
  const keyFile = env.KASSABOX_TLS_KEY?.trim() || undefined;

  if (value !== undefined && value !== 'off' && value !== 'self-signed') {
    problems.push(`KASSABOX_TLS must be off or self-signed (got "${value}")`);
    return { mode: 'off' };
  }
  if (certFile !== undefined || keyFile !== undefined) {
    if (certFile === undefined || keyFile === undefined) {
      problems.push(
        'KASSABOX_TLS_CERT and KASSABOX_TLS_KEY must be set together (a certificate and its key)',
      );
      return { mode: 'off' };
    }
    // KASSABOX_TLS next to a certificate is a contradiction, not a preference to guess at.
    if (value !== undefined) {
      problems.push(
        `KASSABOX_TLS is ${value}, but KASSABOX_TLS_CERT and KASSABOX_TLS_KEY name a certificate ` +
          '(unset KASSABOX_TLS to serve that certificate)',
      );
      return { mode: 'off' };
    }
    return { mode: 'files', certFile, keyFile };
  }
  const mode = value ?? (production ? 'self-signed' : 'off');
  return mode === 'self-signed' ? { mode } : { mode: 'off' };
}
