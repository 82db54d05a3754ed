// The API contract of logging in, the current user and their sessions.
import { type Static, Type } from 'typebox';
import { ROLES } from '../../auth/roles.ts';
import type { SessionRow } from '../../storage/session-repository.ts';
import type { UserRow } from '../../storage/user-repository.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  role: Type.Enum([...ROLES]),
  last_login_at: NullableTimestamp,
  created_at: TimestampSchema,
});
export type UserJson = Static<typeof User>;

export const Session = Type.Object({
  id: Type.String({ description: 'SHA-256 of the cookie token (the token itself is never shown)' }),
  current: Type.Boolean({ description: 'True for the session of this request' }),
  created_at: TimestampSchema,
  last_seen_at: TimestampSchema,
  expires_at: TimestampSchema,
  user_agent: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
});
export type SessionJson = Static<typeof Session>;
export const SessionList = Type.Object({ items: Type.Array(Session) });
export const SessionParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'a session id' }),
});

const CsrfToken = Type.String({
  description: 'Send it as the X-CSRF-Token header with every POST, PUT, PATCH and DELETE of this session',
});
export const LoginAnswer = Type.Object({ user: User, session: Session, csrf_token: CsrfToken });
export type LoginAnswerJson = Static<typeof LoginAnswer>;
export const MeAnswer = Type.Object({ user: User, csrf_token: CsrfToken });
export type MeAnswerJson = Static<typeof MeAnswer>;

export function userJson(row: UserRow): UserJson {
  return {
    id: row.id,
    username: row.username,
    role: row.role,
    last_login_at: row.lastLoginAt,
    created_at: row.createdAt,
  };
}

export function sessionJson(row: SessionRow, currentId: string | undefined): SessionJson {
  return {
    id: row.id,
    current: row.id === currentId,
    created_at: row.createdAt,
    last_seen_at: row.lastSeenAt,
    expires_at: row.expiresAt,
    user_agent: row.userAgent,
    ip: row.ip,
  };
}
