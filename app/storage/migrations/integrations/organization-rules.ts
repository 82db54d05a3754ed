// Several organizations (issue 5): a source may route a payment to another organization by its
// account. Rules are tried in `position` order; the first match wins; no match means the source's own
// organization. A "table" of accounts is a list of `exact` rules.
export const organizationRuleTables = `
CREATE TABLE source_organization_rule (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES source (id) ON DELETE CASCADE,
  position INTEGER NOT NULL CHECK (position >= 0),
  match TEXT NOT NULL CHECK (match IN ('prefix', 'range', 'exact')),
  -- prefix and exact: the text compared with the account.
  value TEXT CHECK (value IS NULL OR length(value) BETWEEN 1 AND 64),
  -- range: accounts of digits only, compared as numbers, both ends included.
  range_from INTEGER,
  range_to INTEGER,
  organization_id INTEGER NOT NULL REFERENCES organization (id),
  created_at TEXT NOT NULL,
  UNIQUE (source_id, position),
  CHECK ((match = 'range') = (range_from IS NOT NULL AND range_to IS NOT NULL AND value IS NULL)),
  CHECK (match = 'range' OR value IS NOT NULL)
) STRICT;

CREATE INDEX source_organization_rule_exact ON source_organization_rule (source_id, match, value);
`;
