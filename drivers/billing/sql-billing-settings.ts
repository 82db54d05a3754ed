// The SQL billing adapter's settings (sql-billing.ts): the connection, the unit of money, the zone, the
// query templates and the column mapping, and the checks a schema cannot make: each template compiles
// (sql-billing-template.ts), uses only the parameters of its job, and the templates fit together.
import { type Static, Type } from 'typebox';
import {
  type CompiledTemplate,
  compileTemplate,
  type SqlParameter,
  SqlTemplateError,
} from './sql-billing-template.ts';

const Sql = (description: string) => Type.String({ minLength: 1, maxLength: 10_000, description });
const Column = (description: string) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^\\S+$', description });

export const SqlBillingSettingsSchema = Type.Object(
  {
    dialect: Type.Enum(['mysql', 'postgres'], {
      description: 'mysql: MySQL or MariaDB; postgres: PostgreSQL',
    }),
    host: Type.String({ minLength: 1, maxLength: 255, description: "The billing database server's address" }),
    port: Type.Integer({ minimum: 1, maximum: 65535, description: 'MySQL 3306, PostgreSQL 5432' }),
    database: Type.String({ minLength: 1, maxLength: 64 }),
    user: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'The account the billing DBA made for the box',
    }),
    amount_unit: Type.Enum(['rubles', 'kopecks'], {
      description: 'rubles: amounts are DECIMAL/DOUBLE rubles (150.50); kopecks: integer kopecks',
    }),
    time_zone: Type.Optional(
      Type.String({
        pattern: '^[+-]\\d{2}:\\d{2}$',
        description:
          "an offset like +03:00: the billing's local time in its DATETIME columns (+03:00 if not set)",
      }),
    ),
    timeout_ms: Type.Optional(
      Type.Integer({ minimum: 500, maximum: 120_000, description: '10000 if not set' }),
    ),
    find_account_sql: Sql('SELECT … AS account[, … AS name, … AS balance, … AS active] … WHERE … = :account'),
    get_payment_sql: Type.Optional(Sql('The payment posted under :key (required with post_payment_sql)')),
    post_payment_sql: Type.Optional(
      Type.Union(
        [
          Sql('INSERT … :account :amount :key :paid_at :comment'),
          Type.Array(Sql('one statement'), { minItems: 1, maxItems: 5 }),
        ],
        {
          description: 'One statement, or several run in one transaction',
        },
      ),
    ),
    list_payments_sql: Type.Optional(Sql('Payments after :last_id (or :since), oldest first, LIMIT :limit')),
    mark_fiscalized_sql: Type.Optional(Sql('Records :fn :fd :fp :fiscalized_at against :billing_payment_id')),
    start_after: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          'Where listing starts when the poller has no cursor: an id (:last_id) or an ISO time (:since)',
      }),
    ),
    cash_methods: Type.Optional(
      Type.Array(Type.String({ maxLength: 64 }), {
        maxItems: 50,
        description: 'Values of the method column that mean cash; any other value is electronic',
      }),
    ),
    columns: Type.Object(
      {
        billing_payment_id: Column("Column with the billing's payment id"),
        account: Column('Column with the account'),
        amount: Column('Column with the amount (in amount_unit)'),
        paid_at: Column('Column with the payment time'),
        method: Type.Optional(Column('Column with the payment method, read with cash_methods')),
        contact: Type.Optional(Column('Column with a phone or e-mail for the receipt')),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SqlBillingSettings = Static<typeof SqlBillingSettingsSchema>;

export const SqlBillingSecretsSchema = Type.Object(
  { password: Type.String({ maxLength: 256, description: "The box's database password" }) },
  { additionalProperties: false },
);
export type SqlBillingSecrets = Static<typeof SqlBillingSecretsSchema>;

type TemplateField =
  | 'find_account_sql'
  | 'get_payment_sql'
  | 'post_payment_sql'
  | 'list_payments_sql'
  | 'mark_fiscalized_sql';

/** What each template may use, and must use. */
const TEMPLATE_PARAMETERS: Record<TemplateField, { allowed: SqlParameter[]; required: SqlParameter[] }> = {
  find_account_sql: { allowed: ['account'], required: ['account'] },
  get_payment_sql: { allowed: ['key'], required: ['key'] },
  post_payment_sql: { allowed: ['account', 'amount', 'key', 'paid_at', 'comment'], required: ['key'] },
  list_payments_sql: { allowed: ['last_id', 'since', 'limit'], required: ['limit'] },
  mark_fiscalized_sql: {
    allowed: ['billing_payment_id', 'fn', 'fd', 'fp', 'fiscalized_at'],
    required: ['billing_payment_id'],
  },
};

export interface CompiledTemplates {
  find: CompiledTemplate;
  get?: CompiledTemplate;
  post: { field: string; compiled: CompiledTemplate }[];
  list?: CompiledTemplate;
  mark?: CompiledTemplate;
}

/** A problem with a template, naming its settings field (`post_payment_sql/1` for a list's second). */
export interface SqlSettingsProblem {
  field: string;
  message: string;
}

/** Checks what the schema cannot: each template parses, uses only its parameters, and they fit together. */
export function sqlSettingsProblems(settings: SqlBillingSettings): SqlSettingsProblem[] {
  try {
    compileAll(settings);
    return [];
  } catch (error) {
    if (error instanceof SqlTemplateError) {
      return [{ field: error.template, message: error.message.slice(error.template.length + 2) }];
    }
    throw error;
  }
}

/** Compiles every template of the settings; throws SqlTemplateError naming the first that cannot run. */
export function compileAll(settings: SqlBillingSettings): CompiledTemplates {
  const compile = (field: string, kind: TemplateField, sql: string) => {
    const { allowed, required } = TEMPLATE_PARAMETERS[kind];
    const compiled = compileTemplate(field, sql, settings.dialect, allowed);
    for (const name of required) {
      if (!compiled.uses.has(name)) throw new SqlTemplateError(field, `must use :${name}`);
    }
    return compiled;
  };
  const posts = settings.post_payment_sql;
  const postList = posts === undefined ? [] : Array.isArray(posts) ? posts : [posts];
  const post = postList.map((sql, index) => {
    const field = Array.isArray(posts) ? `post_payment_sql/${index}` : 'post_payment_sql';
    const { allowed } = TEMPLATE_PARAMETERS.post_payment_sql;
    return { field, compiled: compileTemplate(field, sql, settings.dialect, allowed) };
  });
  if (post.length > 0 && !post.some(({ compiled }) => compiled.uses.has('key'))) {
    throw new SqlTemplateError('post_payment_sql', 'must store :key, so a repeated post finds the first one');
  }
  if (post.length > 0 && settings.get_payment_sql === undefined) {
    throw new SqlTemplateError(
      'get_payment_sql',
      'is required with post_payment_sql (it makes posting idempotent)',
    );
  }
  const list =
    settings.list_payments_sql === undefined
      ? undefined
      : compile('list_payments_sql', 'list_payments_sql', settings.list_payments_sql);
  if (list && list.uses.has('last_id') === list.uses.has('since')) {
    throw new SqlTemplateError(
      'list_payments_sql',
      'must use exactly one cursor: :last_id (ids) or :since (time)',
    );
  }
  if (list && settings.start_after !== undefined) {
    const valid = list.uses.has('last_id')
      ? /^\d{1,19}$/.test(settings.start_after)
      : !Number.isNaN(Date.parse(settings.start_after));
    if (!valid) {
      throw new SqlTemplateError(
        'start_after',
        list.uses.has('last_id') ? 'must be an id (digits)' : 'must be an ISO time',
      );
    }
  }
  return {
    find: compile('find_account_sql', 'find_account_sql', settings.find_account_sql),
    get:
      settings.get_payment_sql === undefined
        ? undefined
        : compile('get_payment_sql', 'get_payment_sql', settings.get_payment_sql),
    post,
    list,
    mark:
      settings.mark_fiscalized_sql === undefined
        ? undefined
        : compile('mark_fiscalized_sql', 'mark_fiscalized_sql', settings.mark_fiscalized_sql),
  };
}
