import { describe, expect, it } from 'vitest';
import { actionLabel, actorLabel, diffObjects, objectLabel } from './audit-view.ts';

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
