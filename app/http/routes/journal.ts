// GET /journal/verify: walks the hash chain of the receipt journal now and reports the verdict.
import { verifyJournal } from '../../journal/journal-verifier.ts';
import type { ApiInstance, RouteModule } from '../api-types.ts';
import { JournalVerdict } from '../schemas/audit.ts';
import { errorResponses } from '../schemas/common.ts';

export const journalRoutes: RouteModule = async (app: ApiInstance, deps) => {
  app.get(
    '/journal/verify',
    {
      schema: {
        tags: ['journal'],
        summary: 'Verify the hash chain of the receipt journal',
        response: { 200: JournalVerdict, ...errorResponses(401, 403) },
      },
    },
    async () => {
      const verification = verifyJournal(deps.stores.receipts, deps.clock.now());
      deps.journal.last = verification;
      const { verdict } = verification;
      return {
        ok: verdict.ok,
        entries: verdict.entries,
        last_hash: verdict.ok ? verdict.lastHash : null,
        broken_at_id: verdict.ok ? null : verdict.brokenAtId,
        reason: verdict.ok ? null : verdict.reason,
        checked_at: verification.checkedAt,
      };
    },
  );
};
