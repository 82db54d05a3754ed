// The API contract of managing people (admins only): UserJson is in auth.ts, shared with the login
// answer and GET /auth/me.
import { type Static, Type } from 'typebox';
import { ROLES } from '../../auth/roles.ts';
import { NewPasswordSchema, PinSchema, Session, User, UsernameSchema } from './auth.ts';
import { NameSchema } from './common.ts';

const RoleSchema = Type.Enum([...ROLES]);
const RegisterIds = Type.Array(Type.Integer({ minimum: 1 }), {
  maxItems: 1000,
  description: 'Registers a cashier may work on (cashiers only)',
});
const DisplayName = Type.Union([NameSchema, Type.Null()], { description: 'The name shown for people' });

export const UserCreate = Type.Object(
  {
    username: UsernameSchema,
    role: RoleSchema,
    password: NewPasswordSchema,
    display_name: Type.Optional(DisplayName),
    register_ids: Type.Optional(RegisterIds),
    pin: Type.Optional(PinSchema),
  },
  { additionalProperties: false },
);
export type UserCreateJson = Static<typeof UserCreate>;

export const UserPatch = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    display_name: Type.Optional(DisplayName),
    register_ids: Type.Optional(RegisterIds),
    password: Type.Optional(NewPasswordSchema),
    pin: Type.Optional(
      Type.Union([PinSchema, Type.Null()], { description: 'A new PIN, or null to remove it' }),
    ),
  },
  { additionalProperties: false },
);
export type UserPatchJson = Static<typeof UserPatch>;

export const UserList = Type.Object({ items: Type.Array(User) });
export type UserListJson = Static<typeof UserList>;

export const UserSessionList = Type.Object({ items: Type.Array(Session) });
export const SessionsEnded = Type.Object({
  ended: Type.Integer({ description: 'How many live sessions ended' }),
});
