// The API contract of ATOL Online groups (snake_case JSON): a group code and its login/password are
// what a billing integrated with ATOL Online v4 is configured with (docs/integrations.md); the group
// posts its documents as payments of one source. The password is write-only: it is stored as a
// scrypt hash and never read back.
import { type Static, Type } from 'typebox';
import { TimestampSchema } from './common.ts';

// ATOL group codes and logins are ASCII words in practice ("group_code_1234", "v4-online-atol-ru");
// the pattern keeps them usable as one URL path segment without escaping.
const GroupCode = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_.-]+$',
  description: 'the group code of the URL /possystem/v4/<group_code>/…: letters, digits, _ . -',
});
const Login = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S+$',
  description: 'the login of getToken, without spaces',
});
const Password = Type.String({
  minLength: 8,
  maxLength: 128,
  description: 'the password of getToken, at least 8 characters; write-only',
});

export const AtolGroupCreate = Type.Object(
  {
    source_id: Type.Integer({ minimum: 1, description: 'The source whose payments the group posts' }),
    group_code: GroupCode,
    login: Login,
    password: Password,
  },
  { additionalProperties: false },
);
export type AtolGroupCreateBody = Static<typeof AtolGroupCreate>;

export const AtolGroupPatch = Type.Object(
  {
    group_code: Type.Optional(GroupCode),
    login: Type.Optional(Login),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);
export type AtolGroupPatchBody = Static<typeof AtolGroupPatch>;

export const AtolGroup = Type.Object({
  id: Type.Integer(),
  source_id: Type.Integer(),
  group_code: Type.String(),
  login: Type.String(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type AtolGroupJson = Static<typeof AtolGroup>;

export const AtolGroupList = Type.Object({ items: Type.Array(AtolGroup) });
export type AtolGroupListJson = Static<typeof AtolGroupList>;
