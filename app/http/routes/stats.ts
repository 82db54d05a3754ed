// Statistics for the UI's charts (issue 3): receipts per day and register, and the FN fill history.
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { errorResponses } from '../schemas/common.ts';
import { FnFill, FnFillQuery, ReceiptsPerDay, ReceiptsPerDayQuery } from '../schemas/operations.ts';

const tags = ['stats'];

export const statsRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/stats/receipts-per-day',
    {
      schema: {
        tags,
        summary: 'Receipts per day and register; days in the box time zone, at most 366 of them',
        querystring: ReceiptsPerDayQuery,
        response: { 200: ReceiptsPerDay, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const rows = deps.stats.receiptsPerDay(request.query.from, request.query.to);
      return {
        items: rows.map((row) => ({
          day: row.day,
          register_id: row.registerId,
          count: row.count,
          sum_kopecks: row.sumKopecks,
        })),
      };
    },
  );

  app.get(
    '/stats/fn-fill',
    {
      schema: {
        tags,
        summary: 'FN fill samples (one per register every 10 minutes at most), oldest first',
        querystring: FnFillQuery,
        response: { 200: FnFill, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const { register_id: registerId, from, to } = request.query;
      const samples = deps.stats.fnFill({ ...(registerId === undefined ? {} : { registerId }), from, to });
      return {
        items: samples.map((sample) => ({
          register_id: sample.registerId,
          at: sample.at,
          fn_number: sample.fnNumber,
          fill_percent: sample.fillPercent,
          free_documents: sample.freeDocuments,
          last_fd_number: sample.lastFdNumber,
        })),
      };
    },
  );
};
