// What TokenTable shows of a token; both ApiTokenJson and MonitoringTokenJson have it.
export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
