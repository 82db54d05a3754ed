// The API contract of organizations (snake_case JSON) and the mapping from the stored row.
import { type Static, Type } from 'typebox';
import { type OrganizationRow, TAX_SYSTEMS } from '../../storage/organization-repository.ts';
import { InnSchema, NameSchema, TimestampSchema } from './common.ts';

const TaxSystem = Type.Enum([...TAX_SYSTEMS], { description: 'Taxation system (tag 1055)' });

export const OrganizationCreate = Type.Object(
  { name: NameSchema, inn: InnSchema, tax_system: TaxSystem },
  { additionalProperties: false },
);
export type OrganizationCreateBody = Static<typeof OrganizationCreate>;
export const OrganizationPatch = Type.Partial(OrganizationCreate);
export type OrganizationPatchBody = Static<typeof OrganizationPatch>;

export const Organization = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  inn: Type.String(),
  tax_system: TaxSystem,
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
});
export type OrganizationJson = Static<typeof Organization>;

export const OrganizationList = Type.Object({ items: Type.Array(Organization) });

export function organizationJson(row: OrganizationRow): OrganizationJson {
  return {
    id: row.id,
    name: row.name,
    inn: row.inn,
    tax_system: row.taxSystem,
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}
