// A channel's protocol settings (channel.settings_json): amount limits, the account pattern, the
// deadline, the time zone of its dates, and for Sberbank the parameter case, the code table and the
// answer encoding. The API validates the JSON with ChannelSettingsSchema; resolveChannelSettings fills
// in the defaults every reader uses.
import { type Static, Type } from 'typebox';
import { CHANNEL_OUTCOMES, type ChannelOutcome } from './channel-outcomes.ts';

export const CHANNEL_PROTOCOLS = ['osmp', 'sberbank'] as const;
export type ChannelProtocol = (typeof CHANNEL_PROTOCOLS)[number];

const Codes = Type.Object(
  Object.fromEntries(
    CHANNEL_OUTCOMES.map((outcome) => [outcome, Type.Optional(Type.Integer({ minimum: 0, maximum: 999 }))]),
  ),
  {
    additionalProperties: false,
    description: 'Overrides of the protocol code table, by outcome (docs/integrations.md "Codes")',
  },
);

export const ChannelSettingsSchema = Type.Object(
  {
    min_amount_kopecks: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Smaller payments are refused' }),
    ),
    max_amount_kopecks: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Larger payments are refused' }),
    ),
    account_pattern: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'A regular expression the whole account must match, e.g. ^\\d{5,10}$',
      }),
    ),
    deadline_ms: Type.Optional(
      Type.Integer({
        minimum: 500,
        maximum: 50_000,
        description: 'How long the billing may take before the channel is answered from what is stored',
      }),
    ),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA zone of txn_date / PAY_DATE; Europe/Moscow',
      }),
    ),
    param_case: Type.Optional(
      Type.Enum(['upper', 'lower'], { description: 'Sberbank: ACTION or action (the bank uses upper)' }),
    ),
    encoding: Type.Optional(
      Type.Enum(['utf-8', 'windows-1251'], { description: 'Sberbank: the answer encoding' }),
    ),
    codes: Type.Optional(Codes),
  },
  { additionalProperties: false },
);
export type ChannelSettingsJson = Static<typeof ChannelSettingsSchema>;

export interface ChannelSettings {
  minAmountKopecks: number | undefined;
  maxAmountKopecks: number | undefined;
  accountPattern: RegExp | undefined;
  deadlineMs: number;
  timezone: string;
  paramCase: 'upper' | 'lower';
  encoding: 'utf-8' | 'windows-1251';
  codes: Partial<Record<ChannelOutcome, number>>;
}

// Sberbank drops the connection after 7 s (research/billing.md §1.2): 5 s leaves room for the answer.
// QIWI waits 60 s (§1.1); 20 s is enough for any live billing and far from the edge.
export const DEFAULT_DEADLINE_MS: Readonly<Record<ChannelProtocol, number>> = {
  osmp: 20_000,
  sberbank: 5_000,
};
export const DEFAULT_CHANNEL_TIMEZONE = 'Europe/Moscow';

export function resolveChannelSettings(
  protocol: ChannelProtocol,
  json: ChannelSettingsJson,
): ChannelSettings {
  return {
    minAmountKopecks: json.min_amount_kopecks,
    maxAmountKopecks: json.max_amount_kopecks,
    // Anchored: the whole account must match, whatever the technician wrote.
    accountPattern:
      json.account_pattern === undefined ? undefined : new RegExp(`^(?:${json.account_pattern})$`),
    deadlineMs: json.deadline_ms ?? DEFAULT_DEADLINE_MS[protocol],
    timezone: json.timezone ?? DEFAULT_CHANNEL_TIMEZONE,
    paramCase: json.param_case ?? 'upper',
    encoding: json.encoding ?? 'utf-8',
    codes: { ...json.codes },
  };
}
