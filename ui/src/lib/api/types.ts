// The API's shapes, taken from the server's TypeBox schemas: the UI never keeps its own copy of a shape.
// This is the one place the UI reaches into app/, and it imports types only (erased at build time).
export type { SessionJson, UserJson } from '../../../../app/http/schemas/auth.ts';
export type { OrganizationJson } from '../../../../app/http/schemas/organization.ts';
export type { PaymentCreateBody } from '../../../../app/http/schemas/payment.ts';
export type { RegisterJson } from '../../../../app/http/schemas/register.ts';
export type { ApiTokenJson, SourceJson } from '../../../../app/http/schemas/source.ts';
