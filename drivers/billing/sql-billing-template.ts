// The SQL billing adapter's query templates: SQL written by the ISP's technician with named parameters
// (`:account`, `:key`…) that this module turns into the driver's own placeholders (`?` for mysql2,
// `$1…` for pg) and an ordered list of names, so every value is sent to the server as a bound parameter
// and never becomes part of the SQL text. It only tokenises what it must: string literals, quoted
// identifiers, comments and PostgreSQL dollar quotes are skipped, `::type` casts and MySQL `:=` are
// not parameters. A template is one statement, and may use only the parameters its job provides.

export type SqlDialect = 'mysql' | 'postgres';

export const SQL_PARAMETERS = [
  'account',
  'amount',
  'key',
  'paid_at',
  'comment',
  'last_id',
  'since',
  'limit',
  'billing_payment_id',
  'fn',
  'fd',
  'fp',
  'fiscalized_at',
] as const;
export type SqlParameter = (typeof SQL_PARAMETERS)[number];

export interface CompiledTemplate {
  /** The SQL with the driver's placeholders. */
  text: string;
  /** Parameter names in placeholder order: one per `?` (mysql), one per `$n` (postgres). */
  order: SqlParameter[];
  /** Every parameter the template uses, once each. */
  uses: ReadonlySet<SqlParameter>;
}

/** A template the box refuses; `template` is its settings field, e.g. `list_payments_sql`. */
export class SqlTemplateError extends Error {
  readonly template: string;
  constructor(template: string, message: string) {
    super(`${template}: ${message}`);
    this.name = 'SqlTemplateError';
    this.template = template;
  }
}

const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const KNOWN = new Set<string>(SQL_PARAMETERS);

/**
 * Compiles `sql` for `dialect`. `allowed` are the parameters this template's job provides; a name outside
 * them, a positional placeholder, or a second statement is refused with an error naming the template.
 */
export function compileTemplate(
  template: string,
  sql: string,
  dialect: SqlDialect,
  allowed: readonly SqlParameter[],
): CompiledTemplate {
  const allowedSet = new Set<string>(allowed);
  const order: SqlParameter[] = [];
  const uses = new Set<SqlParameter>();
  const pgIndex = new Map<SqlParameter, number>();
  let text = '';
  let i = 0;
  let statementEnded = false;

  const fail = (message: string): never => {
    throw new SqlTemplateError(template, message);
  };
  // Copies a quoted run starting at i (quote char q) through its closing quote.
  const copyQuoted = (quote: string, backslashEscapes: boolean) => {
    let j = i + 1;
    for (;;) {
      if (j >= sql.length) fail(`unterminated ${quote} quote`);
      const c = sql[j];
      if (backslashEscapes && c === '\\') {
        j += 2;
        continue;
      }
      if (c === quote) {
        if (sql[j + 1] === quote) {
          j += 2;
          continue;
        }
        break;
      }
      j += 1;
    }
    text += sql.slice(i, j + 1);
    i = j + 1;
  };

  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (statementEnded && !/\s/.test(c) && !(c === '-' && next === '-') && !(c === '/' && next === '*')) {
      if (!(dialect === 'mysql' && c === '#')) fail('must be a single SQL statement (found text after ";")');
    }
    if (c === "'") {
      // MySQL treats backslash as an escape inside strings; PostgreSQL only in E'…' strings.
      copyQuoted("'", dialect === 'mysql' || /(^|[^A-Za-z0-9_])[eE]$/.test(text));
    } else if (c === '"') {
      copyQuoted('"', dialect === 'mysql');
    } else if (c === '`' && dialect === 'mysql') {
      copyQuoted('`', false);
    } else if ((c === '-' && next === '-') || (c === '#' && dialect === 'mysql')) {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end === -1) fail('unterminated /* comment');
      text += sql.slice(i, end + 2);
      i = end + 2;
    } else if (c === '$' && dialect === 'postgres') {
      const dollarTag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (dollarTag) {
        const tag = dollarTag[0];
        const end = sql.indexOf(tag, i + tag.length);
        if (end === -1) fail(`unterminated ${tag} quote`);
        text += sql.slice(i, end + tag.length);
        i = end + tag.length;
      } else if (/\d/.test(next ?? '')) {
        fail('uses a positional placeholder ($1…); write named parameters such as :account');
      } else {
        text += c;
        i += 1;
      }
    } else if (c === '?' && dialect === 'mysql') {
      fail('uses a positional placeholder (?); write named parameters such as :account');
    } else if (c === ':' && next === ':') {
      text += '::';
      i += 2;
    } else if (
      c === ':' &&
      next !== undefined &&
      IDENTIFIER_START.test(next) &&
      !IDENTIFIER_PART.test(sql[i - 1] ?? '')
    ) {
      let j = i + 1;
      while (j < sql.length && IDENTIFIER_PART.test(sql[j]!)) j += 1;
      const name = sql.slice(i + 1, j);
      if (!KNOWN.has(name)) {
        fail(`unknown parameter :${name} (this template may use ${list(allowed)})`);
      }
      if (!allowedSet.has(name)) {
        fail(`parameter :${name} is not available here (this template may use ${list(allowed)})`);
      }
      const parameter = name as SqlParameter;
      uses.add(parameter);
      if (dialect === 'mysql') {
        order.push(parameter);
        text += '?';
      } else {
        let index = pgIndex.get(parameter);
        if (index === undefined) {
          order.push(parameter);
          index = order.length;
          pgIndex.set(parameter, index);
        }
        text += `$${index}`;
      }
      i = j;
    } else if (c === ';') {
      statementEnded = true;
      i += 1;
    } else {
      text += c;
      i += 1;
    }
  }
  if (text.trim() === '') fail('is empty');
  return { text: text.trimEnd(), order, uses };
}

/** The values in the compiled template's placeholder order; a missing one is a programming error. */
export function bindValues(
  compiled: CompiledTemplate,
  values: Partial<Record<SqlParameter, string | number | null>>,
): (string | number | null)[] {
  return compiled.order.map((name) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for :${name}`);
    return value;
  });
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'no parameters' : names.map((name) => `:${name}`).join(', ');
}
