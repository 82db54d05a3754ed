// The API contract of logging in, first-run setup, the user (UserJson, also used by /users) and
// sessions.
import { type Static, Type } from 'typebox';
import { ROLES } from '../../auth/roles.ts';
import type { SessionRow } from '../../storage/session-repository.ts';
import type { UserView } from '../../users/user-service.ts';
import { NullableTimestamp, TimestampSchema } from './common.ts';

export const PinSchema = Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' });
export const NewPasswordSchema = Type.String({
  minLength: 8,
  maxLength: 1024,
  description: 'at least 8 characters',
});
export const UsernameSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._@-]+$',
  description: 'Latin letters, digits and . _ @ - (compared without letter case)',
});

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    pin: Type.Optional(PinSchema),
  },
  { additionalProperties: false, description: 'A password, or for a cashier a PIN: exactly one of the two' },
);
export type LoginBodyJson = Static<typeof LoginBody>;

export const SetupBody = Type.Object(
  { username: UsernameSchema, password: NewPasswordSchema },
  { additionalProperties: false },
);
export const SetupState = Type.Object({
  needs_admin: Type.Boolean({ description: 'True while no user exists: POST /setup creates the admin' }),
});
export type SetupStateJson = Static<typeof SetupState>;

export const PasswordChangeBody = Type.Object(
  { current_password: Type.String({ minLength: 1, maxLength: 1024 }), new_password: NewPasswordSchema },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  display_name: Type.Union([Type.String(), Type.Null()]),
  role: Type.Enum([...ROLES]),
  disabled: Type.Boolean(),
  locked_until: Type.Union([TimestampSchema, Type.Null()], {
    description: 'Set while the account is locked after failed logins',
  }),
  failed_logins: Type.Integer({ description: 'Failed logins in a row since the last success' }),
  has_pin: Type.Boolean({ description: 'A cashier with a PIN may log in with it' }),
  register_ids: Type.Array(Type.Integer(), { description: 'Registers a cashier works on' }),
  last_login_at: NullableTimestamp,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
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

export function userJson({ row, registerIds }: UserView): UserJson {
  return {
    id: row.id,
    username: row.username,
    display_name: row.displayName,
    role: row.role,
    disabled: row.disabled,
    locked_until: row.lockedUntil,
    failed_logins: row.failedLogins,
    has_pin: row.pinHash !== null,
    register_ids: registerIds,
    last_login_at: row.lastLoginAt,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
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
