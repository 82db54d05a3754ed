// Who may notify a channel (issue 5 "Channel security"): its IP allow-list (CIDR; QIWI and Sberbank
// publish their ranges, research/billing.md §1.1–1.2), Basic auth, and a shared secret sent as the
// `secret` parameter. Every configured check must pass. Passwords and secrets are stored as scrypt
// hashes; a verified credential is remembered (by its SHA-256, per channel version) so a busy channel
// does not pay 0.1 s of scrypt per notification. Wrong credentials count against the caller's address
// like failed logins (LoginThrottle: 20 in 15 min), so nobody can guess a secret or burn the CPU on scrypt.
import { createHash, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { verifyPassword } from '../auth/password-hash.ts';
import type { Clock } from '../clock.ts';
import type { ChannelRow } from '../storage/channel-repository.ts';

export interface ChannelCaller {
  ip: string;
  authorization: string | undefined;
  secret: string | undefined;
}

export type AccessVerdict = { ok: true } | { ok: false; reason: string };

const MAX_REMEMBERED = 1000;

/** A CIDR range or a single address as "a.b.c.d/n" parts; undefined when it is not one. */
export function parseCidr(
  text: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return undefined;
  const max = version === 4 ? 32 : 128;
  const prefix =
    prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

export function ipAllowed(ip: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const list = new BlockList();
  for (const entry of allowed) {
    const cidr = parseCidr(entry);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const plain = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

export class ChannelAuth {
  private readonly remembered = new Set<string>();
  private readonly throttle: LoginThrottle;

  constructor(clock: Clock) {
    this.throttle = new LoginThrottle(clock);
  }

  async check(channel: ChannelRow, caller: ChannelCaller): Promise<AccessVerdict> {
    if (channel.allowedIps.length === 0 && channel.basicUsername === null && channel.secretHash === null)
      return { ok: false, reason: 'the channel has no IP list, Basic auth or secret set' };
    if (!ipAllowed(caller.ip, channel.allowedIps))
      return { ok: false, reason: `address ${caller.ip} is not allowed` };
    try {
      this.throttle.assertAllowed(caller.ip);
    } catch {
      return { ok: false, reason: `too many wrong credentials from ${caller.ip}; wait 15 minutes` };
    }
    const refused = await this.credentialsRefused(channel, caller);
    if (refused !== undefined) {
      this.throttle.recordFailure(caller.ip);
      return { ok: false, reason: refused };
    }
    return { ok: true };
  }

  private async credentialsRefused(channel: ChannelRow, caller: ChannelCaller): Promise<string | undefined> {
    if (channel.basicUsername !== null) {
      const basic = parseBasic(caller.authorization);
      if (basic === undefined || !sameText(basic.username, channel.basicUsername))
        return 'Basic auth missing or wrong user';
      if (!(await this.verified(channel, 'basic', basic.password, channel.basicPasswordHash)))
        return 'Basic auth password wrong';
    }
    if (
      channel.secretHash !== null &&
      !(await this.verified(channel, 'secret', caller.secret, channel.secretHash))
    )
      return 'secret missing or wrong';
    return undefined;
  }

  private async verified(
    channel: ChannelRow,
    kind: string,
    presented: string | undefined,
    hash: string | null,
  ): Promise<boolean> {
    if (presented === undefined || hash === null) return false;
    const key = `${channel.id}:${channel.updatedAt}:${kind}:${createHash('sha256').update(presented).digest('hex')}`;
    if (this.remembered.has(key)) return true;
    if (!(await verifyPassword(presented, hash))) return false;
    if (this.remembered.size >= MAX_REMEMBERED) this.remembered.clear();
    this.remembered.add(key);
    return true;
  }
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = header === undefined ? null : /^Basic +([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
