import { describe, expect, it } from 'vitest';
import type { AuditEntryJson } from '../api/types.ts';
import { actionLabel, actorLabel, diffObjects, objectLabel, SCAN_PAGE, scanAudit } from './audit-view.ts';

function entry(id: number, at: string, name = 'admin'): AuditEntryJson {
  return {
    id,
    at,
    actor: { kind: 'user', id: 1, name },
    action: 'register.update',
    entity: 'register',
    entity_id: '1',
    before: null,
    after: null,
    ip: null,
  };
}

/** A trail of `count` entries, one a minute back from `newest`, served newest first like GET /audit. */
function trail(count: number, actorOf: (id: number) => string = () => 'admin') {
  const start = Date.parse('2026-11-22T12:00:00Z');
  const all = Array.from({ length: count }, (_, i) => {
    const id = count - i;
    return entry(id, new Date(start - i * 60_000).toISOString(), actorOf(id));
  });
  const calls: (number | undefined)[] = [];
  const fetchPage = async (before: number | undefined, limit: number) => {
    calls.push(before);
    return all.filter((e) => before === undefined || e.id < before).slice(0, limit);
  };
  return { all, calls, fetchPage };
}

const open = { actor: '', fromMs: null, toMs: null };

describe('scanAudit', () => {
  it('pages back by id and says where to continue', async () => {
    const { fetchPage } = trail(120);
    const first = await scanAudit(fetchPage, open, undefined, 50);
    expect(first.items.map((e) => e.id).slice(0, 2)).toEqual([120, 119]);
    expect(first.next).toBe(71);
    const second = await scanAudit(fetchPage, open, first.next ?? undefined, 100);
    expect(second.items[0]?.id).toBe(70);
    expect(second.next).toBeNull();
  });

  it('keeps only the actor asked for, in any case, reading further pages for them', async () => {
    const { fetchPage, calls } = trail(SCAN_PAGE * 2, (id) => (id % 100 === 0 ? 'Ivanova' : 'admin'));
    const scan = await scanAudit(fetchPage, { ...open, actor: 'ivan' }, undefined, 50);
    expect(scan.items.map((e) => e.id)).toEqual([400, 300, 200, 100]);
    expect(calls.length).toBe(3); // two full pages, then an empty one ends the trail
    expect(scan.next).toBeNull();
  });

  it('skips entries after the range and stops at the first one before it', async () => {
    const { fetchPage } = trail(100);
    const scan = await scanAudit(
      fetchPage,
      { ...open, fromMs: Date.parse('2026-11-22T11:50:00Z'), toMs: Date.parse('2026-11-22T11:55:00Z') },
      undefined,
    );
    expect(scan.items.map((e) => e.at.slice(11, 16))).toEqual(['11:54', '11:53', '11:52', '11:51', '11:50']);
    expect(scan.next).toBeNull();
  });

  it('gives up after ten pages without enough matches and offers to go on', async () => {
    const { fetchPage, calls } = trail(SCAN_PAGE * 12);
    const scan = await scanAudit(fetchPage, { ...open, actor: 'nobody' }, undefined);
    expect(scan.items).toEqual([]);
    expect(calls.length).toBe(10);
    expect(scan.next).toBe(SCAN_PAGE * 2 + 1);
  });
});

describe('diffObjects', () => {
  it('lists every field of both sides and marks what changed', () => {
    expect(
      diffObjects(
        { enabled: true, name: 'Касса', password: '***' },
        { enabled: false, name: 'Касса', port: 7778 },
      ),
    ).toEqual([
      { key: 'enabled', before: 'true', after: 'false', changed: true },
      { key: 'name', before: 'Касса', after: 'Касса', changed: false },
      { key: 'password', before: '***', after: '', changed: true },
      { key: 'port', before: '', after: '7778', changed: true },
    ]);
  });

  it('shows a creation (no before) as all new fields', () => {
    expect(diffObjects(null, { id: 3 })).toEqual([{ key: 'id', before: '', after: '3', changed: true }]);
  });
});

describe('labels', () => {
  it('names known actions and keeps unknown codes as they are', () => {
    expect(actionLabel('api_token.revoke')).toBe('API-токен отозван');
    expect(actionLabel('something.new')).toBe('something.new');
  });

  it('names actors by kind', () => {
    expect(actorLabel({ kind: 'system', id: null, name: null })).toBe('KassaBox');
    expect(actorLabel({ kind: 'source', id: 2, name: 'ABillS' })).toBe('Источник ABillS');
    expect(actorLabel({ kind: 'anonymous', id: null, name: 'admin' })).toBe('admin (не вошёл)');
  });
  it('names the object and shortens hash ids', () => {
    expect(objectLabel({ entity: 'register', entity_id: '1' })).toBe('Касса № 1');
    expect(objectLabel({ entity: 'session', entity_id: '5305ad41b27be3c6d9dcfb524e8748f2' })).toBe(
      'Сеанс № 5305ad41…',
    );
    expect(objectLabel({ entity: 'settings', entity_id: null })).toBe('Настройки');
  });
});
