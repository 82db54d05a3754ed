// Translator-mode test set-up: a billing connection row, a channel through the API, and calls to
// /channel/<slug> as a payment channel makes them (query or urlencoded body, from an address).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../../app/storage/database.ts';
import type { AdminApi } from './api-fixtures.ts';

/** QIWI's range (research/billing.md §1.1): channel calls in tests come from here unless told. */
export const QIWI_IP = '79.142.16.10';
export const SBER_IP = '194.186.207.7';

/** A billing connection row for the channel to point at (its adapter comes from the test's adapterFor). */
export function addBillingConnection(db: Db, name = 'billing', kind = 'osmp'): number {
  const now = new Date().toISOString();
  const result = db
    .prepare(
      `INSERT INTO billing_connection (name, kind, settings_json, secrets_json, created_at, updated_at)
       VALUES (?, ?, '{}', '{}', ?, ?)`,
    )
    .run(name, kind, now, now);
  return Number(result.lastInsertRowid);
}

export async function createChannel(api: AdminApi, body: Record<string, unknown>): Promise<number> {
  const response = await api.asAdmin({ method: 'POST', url: '/api/v1/channels', payload: body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

export interface ChannelCallOptions {
  ip?: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
}

export function callChannel(
  app: FastifyInstance,
  slug: string,
  params: Record<string, string>,
  options: ChannelCallOptions = {},
): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams(params).toString();
  if (options.method === 'POST') {
    return app.inject({
      method: 'POST',
      url: `/channel/${slug}`,
      remoteAddress: options.ip ?? QIWI_IP,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...options.headers },
      payload: query,
    });
  }
  return app.inject({
    method: 'GET',
    url: `/channel/${slug}?${query}`,
    remoteAddress: options.ip ?? QIWI_IP,
    ...(options.headers ? { headers: options.headers } : {}),
  });
}

/** The text of each child of <response> (the answers are flat). */
export function xmlFields(body: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<([A-Za-z_]+)>([^<]*)<\/\1>/g)) fields[match[1]!] = match[2]!;
  return fields;
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
