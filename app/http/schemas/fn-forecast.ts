// The FN forecast as GET /registers/:id/status shows it (app/lifecycle/fn-forecast.ts computes it).
import { type Static, Type } from 'typebox';

const nullableDay = (description: string) =>
  Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()], { description });

export const FnForecastSchema = Type.Object({
  receipts_per_day: Type.Number({ description: 'Average over the last 30 days (one decimal)' }),
  memory_full_on: nullableDay(
    'The local day the FN archive fills up at the 30-day rate; null without a rate or a free count',
  ),
  valid_until: nullableDay("The FN's last valid day"),
  replace_by: nullableDay('The earlier of the two, 3 days ahead (app/lifecycle/fn-forecast.ts says why)'),
});
export type FnForecastJson = Static<typeof FnForecastSchema>;
