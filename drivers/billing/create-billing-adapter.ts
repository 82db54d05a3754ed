// The registry of billing adapters: for each kind its settings and secrets schemas (the API checks a
// connection against them, the UI shows them), a Russian title, the checks a schema cannot express,
// and how to build the adapter. Building opens nothing: adapters connect on their first call.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AbillsRestAdapter, AbillsRestSecretsSchema, AbillsRestSettingsSchema } from './abills-rest.ts';
import type { BillingAdapter, BillingKind } from './billing-adapter.ts';
import {
  LanbillingSoapAdapter,
  LanbillingSoapSecretsSchema,
  LanbillingSoapSettingsSchema,
} from './lanbilling-soap.ts';
import { OsmpClientAdapter, OsmpClientSecretsSchema, OsmpClientSettingsSchema } from './osmp-client.ts';
import {
  SqlBillingAdapter,
  SqlBillingSecretsSchema,
  type SqlBillingSettings,
  SqlBillingSettingsSchema,
  sqlSettingsProblems,
} from './sql-billing.ts';

export interface BillingKindSpec {
  /** For people, in Russian. */
  title: string;
  settingsSchema: TSchema;
  secretsSchema: TSchema;
  /** Problems the schema cannot see (SQL templates), each naming its settings field; settings already fit the schema. */
  settingsProblems?: (settings: never) => { field: string; message: string }[];
  create(settings: never, secrets: never): BillingAdapter;
}

export const BILLING_KINDS: Record<BillingKind, BillingKindSpec> = {
  osmp: {
    title: 'Протокол QIWI (OSMP) биллинга: ABillS Paysys, BGBilling, UTM5, Carbon, NoDeny',
    settingsSchema: OsmpClientSettingsSchema,
    secretsSchema: OsmpClientSecretsSchema,
    create: (settings, secrets) => new OsmpClientAdapter(settings, secrets),
  },
  abills: {
    title: 'ABillS: REST-интерфейс (api.cgi, ключ администратора)',
    settingsSchema: AbillsRestSettingsSchema,
    secretsSchema: AbillsRestSecretsSchema,
    create: (settings, secrets) => new AbillsRestAdapter(settings, secrets),
  },
  lanbilling: {
    title: 'LANBilling: SOAP-интерфейс (платёж через ExternPayment)',
    settingsSchema: LanbillingSoapSettingsSchema,
    secretsSchema: LanbillingSoapSecretsSchema,
    create: (settings, secrets) => new LanbillingSoapAdapter(settings, secrets),
  },
  sql: {
    title: 'База данных биллинга (MySQL/MariaDB, PostgreSQL): свои SQL-запросы',
    settingsSchema: SqlBillingSettingsSchema,
    secretsSchema: SqlBillingSecretsSchema,
    settingsProblems: (settings: SqlBillingSettings) => sqlSettingsProblems(settings),
    create: (settings, secrets) => new SqlBillingAdapter(settings, secrets),
  },
};

/** One problem of a connection's settings or secrets, with a JSON pointer such as /settings/url. */
export interface BillingConfigProblem {
  path: string;
  message: string;
}

/** Everything wrong with `settings` and `secrets` for `kind`; empty when an adapter can be built. */
export function billingConfigProblems(
  kind: string,
  settings: unknown,
  secrets: unknown,
): BillingConfigProblem[] {
  const spec = (BILLING_KINDS as Partial<Record<string, BillingKindSpec>>)[kind];
  if (!spec) return [{ path: '/kind', message: `billing kind ${kind} is not supported by this box` }];
  const problems = [
    ...schemaProblems(spec.settingsSchema, settings, '/settings', kind),
    ...schemaProblems(spec.secretsSchema, secrets, '/secrets', kind),
  ];
  if (problems.length === 0 && spec.settingsProblems) {
    for (const { field, message } of spec.settingsProblems(settings as never)) {
      problems.push({ path: `/settings/${field}`, message });
    }
  }
  return problems;
}

/** Builds the adapter of a connection; throws when its settings or secrets do not fit the kind. */
export function createBillingAdapter(kind: BillingKind, settings: unknown, secrets: unknown): BillingAdapter {
  const problems = billingConfigProblems(kind, settings, secrets);
  if (problems.length > 0) {
    throw new Error(
      `Billing connection settings of kind ${kind} are invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
    );
  }
  return BILLING_KINDS[kind].create(settings as never, secrets as never);
}

function schemaProblems(schema: TSchema, value: unknown, base: string, kind: string): BillingConfigProblem[] {
  if (Value.Check(schema, value)) return [];
  const problems: BillingConfigProblem[] = [];
  const seen = new Set<string>();
  const add = (path: string, message: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    problems.push({ path: `${base}${path}`, message });
  };
  for (const error of Value.Errors(schema, value)) {
    const params = error.params as {
      requiredProperties?: string[];
      additionalProperties?: string[];
      allowedValues?: unknown[];
    };
    const branch = error.schemaPath.indexOf('/anyOf/');
    if (error.keyword === 'boolean') continue;
    if (error.keyword === 'required') {
      for (const field of params.requiredProperties ?? [])
        add(`${error.instancePath}/${field}`, 'is required');
    } else if (error.keyword === 'additionalProperties') {
      for (const field of params.additionalProperties ?? []) {
        add(`${error.instancePath}/${field}`, `is not a field of a ${kind} connection`);
      }
    } else if (branch !== -1) {
      // A union (SQL text or a list of statements): one problem, worded by the union's description.
      const description = describedAt(schema, error.schemaPath.slice(0, branch));
      add(error.instancePath, description ? `must be: ${description}` : 'has the wrong type');
    } else if (error.keyword === 'enum') {
      add(error.instancePath, `must be one of: ${(params.allowedValues ?? []).join(', ')}`);
    } else if (error.keyword === 'pattern') {
      const description = describedAt(schema, error.schemaPath);
      add(error.instancePath, description ? `must be ${description}` : error.message);
    } else {
      add(error.instancePath, error.message);
    }
  }
  return problems;
}

/** The description of the subschema at a schema path such as #/properties/time_zone. */
function describedAt(schema: TSchema, schemaPath: string): string | undefined {
  let node: unknown = schema;
  for (const part of schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part];
  }
  const description = (node as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? description : undefined;
}
