// The simulated PAYONLINE-01-ФА over real TCP (127.0.0.1, port 0), driven byte by byte with the frame
// codec: the capture's requests, the ENQ/ACK/NAK rules of the standard level, the alternative level's
// numbering, each scripted fault, and the state file.

import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACK, ENQ, encodeFrame, NAK } from '../../drivers/shtrih/protocol/frame.ts';
import { FrameParser, type FrameToken } from '../../drivers/shtrih/protocol/frame-parser.ts';
import { encodeFrameV2, type PacketV2 } from '../../drivers/shtrih/protocol/frame-v2.ts';
import { FrameV2Parser, type FrameV2Token } from '../../drivers/shtrih/protocol/frame-v2-parser.ts';
import { encodeCp1251 } from '../../drivers/shtrih/protocol/text-encoding.ts';
import {
  ShtrihSimulator,
  type ShtrihSimulatorOptions,
} from '../../drivers/shtrih/simulator/shtrih-simulator.ts';

const SYSADMIN = [0x1e, 0, 0, 0];

/** A host that speaks raw bytes and collects what the simulator sends as tokens of either level. */
class RawHost<Token> {
  private readonly tokens: Token[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  readonly socket: Socket;
  readonly closed: Promise<void>;

  constructor(socket: Socket, parse: (chunk: Buffer) => Token[]) {
    this.socket = socket;
    socket.on('data', (chunk) => {
      this.tokens.push(...parse(chunk));
      this.wake?.();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.ended = true;
        this.wake?.();
        resolve();
      }),
    );
  }

  write(bytes: Uint8Array | number[]): void {
    this.socket.write(Uint8Array.from(bytes));
  }

  async next(timeoutMs = 2000): Promise<Token> {
    const deadline = Date.now() + timeoutMs;
    while (this.tokens.length === 0) {
      if (this.ended) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('nothing received');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, left);
      });
    }
    return this.tokens.shift()!;
  }

  /** Resolves with whatever arrived within `ms` (nothing, for a silent link). */
  async collect(ms: number): Promise<Token[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.tokens.splice(0);
  }

  get isClosed(): boolean {
    return this.ended;
  }

  end(): void {
    this.socket.destroy();
  }
}

type StandardHost = RawHost<FrameToken>;

async function open<Token>(port: number, parse: (chunk: Buffer) => Token[]): Promise<RawHost<Token>> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return new RawHost(socket, parse);
}

function openStandard(port: number): Promise<StandardHost> {
  const parser = new FrameParser();
  return open(port, (chunk) => parser.push(chunk));
}

function openAlternative(port: number): Promise<RawHost<FrameV2Token>> {
  const parser = new FrameV2Parser();
  return open(port, (chunk) => parser.push(chunk));
}

const control = (byte: number): FrameToken => ({ kind: 'control', byte });

/** One standard-level exchange: frame → ACK → answer frame → host ACK. Returns the answer message. */
async function command(host: StandardHost, message: number[] | Uint8Array): Promise<Buffer> {
  host.write(encodeFrame(Uint8Array.from(message)));
  expect(await host.next()).toEqual(control(ACK));
  const answer = await host.next();
  if (answer.kind !== 'frame') throw new Error(`expected an answer frame, got ${answer.kind}`);
  host.write([ACK]);
  return answer.message;
}

function le(value: number, width: number): number[] {
  return Array.from({ length: width }, (_, index) => Math.floor(value / 256 ** index) % 256);
}

function operation(priceKopecks: number): number[] {
  return [
    0xff,
    0x46,
    ...SYSADMIN,
    1,
    ...le(1_000_000, 6),
    ...le(priceKopecks, 5),
    ...Array(10).fill(0xff),
    0x08,
    0,
    4,
    4,
    ...encodeCp1251('Услуги связи'),
  ];
}

function closeReceipt(cashKopecks: number): number[] {
  return [0xff, 0x45, ...SYSADMIN, ...le(cashKopecks, 5), ...Array(75 + 1 + 30).fill(0), 0x02];
}

const OPEN_SHIFT = [0xe0, ...SYSADMIN];
const FN_STATUS = [0xff, 0x01, ...SYSADMIN];

let simulator: ShtrihSimulator | undefined;
const hosts: RawHost<unknown>[] = [];
let stateDirectory: string | undefined;

async function startSimulator(
  options: ShtrihSimulatorOptions = {},
): Promise<{ sim: ShtrihSimulator; port: number }> {
  const sim = new ShtrihSimulator(options);
  simulator = sim;
  const { port } = await sim.start();
  return { sim, port };
}

async function connectStandard(port: number): Promise<StandardHost> {
  const host = await openStandard(port);
  hosts.push(host as RawHost<unknown>);
  return host;
}

afterEach(async () => {
  for (const host of hosts.splice(0)) host.end();
  await simulator?.stop();
  simulator = undefined;
  if (stateDirectory) rmSync(stateDirectory, { recursive: true, force: true });
  stateDirectory = undefined;
});

describe('the capture’s requests', () => {
  it('answers 10h `02 05 10 1E 00 00 00 0B` with the 16-byte short status', async () => {
    const { port } = await startSimulator();
    const host = await connectStandard(port);
    host.write([0x02, 0x05, 0x10, 0x1e, 0x00, 0x00, 0x00, 0x0b]);
    expect(await host.next()).toEqual(control(ACK));
    const answer = await host.next();
    expect(answer.kind).toBe('frame');
    if (answer.kind !== 'frame') return;
    expect(answer.message.length).toBe(16);
    expect([...answer.message.subarray(0, 7)]).toEqual([0x10, 0x00, 0x1e, 0x92, 0x02, 0x04, 0x00]);
    expect([...answer.message.subarray(8, 12)]).toEqual([0x9f, 0xe5, 0x18, 0x01]);
  });

  it('answers FF01 `02 06 FF 01 1E 00 00 00 E6` with the 33-byte FN status', async () => {
    const { sim, port } = await startSimulator({ fnNumber: '9287440301120991' });
    const host = await connectStandard(port);
    host.write([0x02, 0x06, 0xff, 0x01, 0x1e, 0x00, 0x00, 0x00, 0xe6]);
    expect(await host.next()).toEqual(control(ACK));
    const answer = await host.next();
    if (answer.kind !== 'frame') throw new Error(answer.kind);
    expect(answer.message.length).toBe(33);
    expect([...answer.message.subarray(0, 4)]).toEqual([0xff, 0x01, 0x00, 0x03]);
    expect(answer.message.subarray(13, 29).toString('latin1')).toBe('9287440301120991');
    expect(answer.message.readUInt32LE(29)).toBe(sim.state.lastFdNumber);
  });

  it('answers 88h `02 05 88 1E 00 00 00 93` on an open receipt with exactly the captured `02 03 88 00 1E 95`', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    await command(host, operation(100));
    expect(sim.state.mode).toBe(0x08);
    const raw: number[] = [];
    host.socket.on('data', (chunk: Buffer) => raw.push(...chunk));
    host.write([0x02, 0x05, 0x88, 0x1e, 0x00, 0x00, 0x00, 0x93]);
    expect(await host.next()).toEqual(control(ACK));
    await host.next();
    expect(raw).toEqual([0x06, 0x02, 0x03, 0x88, 0x00, 0x1e, 0x95]);
    expect(sim.state.mode).toBe(0x02);
  });
});

describe('standard lower level', () => {
  it('answers ENQ with NAK while waiting for a command', async () => {
    const { port } = await startSimulator();
    const host = await connectStandard(port);
    host.write([ENQ]);
    expect(await host.next()).toEqual(control(NAK));
  });

  it('NAKs a frame with a wrong LRC and does not execute it; NAKs bytes that are not STX', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    const frame = encodeFrame(Uint8Array.from(OPEN_SHIFT));
    frame[frame.length - 1]! ^= 0xff;
    host.write(frame);
    expect(await host.next()).toEqual(control(NAK));
    expect(sim.state.shift.open).toBe(false);
    host.write([0x00]);
    expect(await host.next()).toEqual(control(NAK));
  });

  it('keeps the answer the host NAKed and sends it again after ENQ (ACK + answer); after the host ACK, ENQ gets NAK', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    host.write(encodeFrame(Uint8Array.from(OPEN_SHIFT)));
    expect(await host.next()).toEqual(control(ACK));
    const first = await host.next();
    host.write([NAK]);
    expect(await host.collect(100)).toEqual([]);
    host.write([ENQ]);
    expect(await host.next()).toEqual(control(ACK));
    expect(await host.next()).toEqual(first);
    host.write([ACK, ENQ]);
    expect(await host.next()).toEqual(control(NAK));
    expect(sim.state.lastFdNumber).toBe(2);
  });

  it('answers ENQ with ACK while an answer is delayed, then sends it', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'delay', ms: 300, command: 0x10 });
    const host = await connectStandard(port);
    host.write(encodeFrame(Uint8Array.from([0x10, ...SYSADMIN])));
    expect(await host.next()).toEqual(control(ACK));
    await host.collect(50);
    host.write([ENQ]);
    expect(await host.next()).toEqual(control(ACK));
    const answer = await host.next();
    expect(answer.kind === 'frame' && answer.message[0]).toBe(0x10);
  });

  it('answers an unsupported command with CMD + 37h only', async () => {
    const { port } = await startSimulator();
    const host = await connectStandard(port);
    expect([...(await command(host, [0x01, ...SYSADMIN, 0x04]))]).toEqual([0x01, 0x37]);
  });
});

describe('a whole receipt over the wire', () => {
  it('E0, FF46, FF0C 1008, FF45 → change, FD, FP, DATE_TIME; FF0A finds it', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    expect([...(await command(host, OPEN_SHIFT))]).toEqual([0xe0, 0x00, 0x1e]);
    expect([...(await command(host, operation(150_000)))]).toEqual([0xff, 0x46, 0x00]);
    const phone = Buffer.from('+79990001122');
    const tlv = [0xff, 0x0c, ...SYSADMIN, ...le(1008, 2), ...le(phone.length, 2), ...phone];
    expect([...(await command(host, tlv))]).toEqual([0xff, 0x0c, 0x00]);
    const close = await command(host, closeReceipt(200_000));
    expect(close.length).toBe(3 + 5 + 4 + 4 + 5);
    expect(close.readUIntLE(3, 5)).toBe(50_000);
    const fdNumber = close.readUInt32LE(8);
    const record = sim.document(fdNumber);
    expect(record).toMatchObject({
      kind: 'receipt',
      totalKopecks: 150_000,
      fiscalSign: close.readUInt32LE(12),
    });
    expect(record?.tlvs?.[0]).toEqual({ tag: 1008, valueHex: phone.toString('hex') });
    const found = await command(host, [0xff, 0x0a, ...SYSADMIN, ...le(fdNumber, 4)]);
    expect(found[3]).toBe(3);
    expect(found.readUIntLE(found.length - 5, 5)).toBe(150_000);
  });
});

describe('faults', () => {
  it('drop_answer after FF45: the receipt is fiscalized, no answer comes, the link closes', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'drop_answer' });
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    await command(host, operation(1000));
    host.write(encodeFrame(Uint8Array.from(closeReceipt(1000))));
    expect(await host.next()).toEqual(control(ACK));
    await host.closed;
    expect(sim.receipts()).toHaveLength(1);
    expect(sim.state.mode).toBe(0x02);

    const again = await connectStandard(port);
    again.write([ENQ]);
    expect(await again.next()).toEqual(control(NAK));
    const status = await command(again, FN_STATUS);
    expect(status.readUInt32LE(29)).toBe(sim.receipts()[0]!.fdNumber);
  });

  it('drop_answer with `link: silent`: the link stays open and says nothing more', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'drop_answer', command: 0xe0, link: 'silent' });
    const host = await connectStandard(port);
    host.write(encodeFrame(Uint8Array.from(OPEN_SHIFT)));
    expect(await host.next()).toEqual(control(ACK));
    host.write([ENQ]);
    expect(await host.collect(200)).toEqual([]);
    expect(host.isClosed).toBe(false);
    expect(sim.state.shift.open).toBe(true);
  });

  it('disconnect after FF46 leaves the receipt open in the FN, to be cancelled after reconnecting', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'disconnect', skip: 1 });
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    await command(host, operation(100));
    host.write(encodeFrame(Uint8Array.from(operation(200))));
    expect(await host.next()).toEqual(control(ACK));
    expect(await host.next()).toMatchObject({ kind: 'frame' });
    await host.closed;

    const again = await connectStandard(port);
    const status = await command(again, [0x10, ...SYSADMIN]);
    expect(status[5]).toBe(0x08);
    expect(status[7]).toBe(2);
    expect((await command(again, FN_STATUS))[4]).toBe(0x04);
    expect([...(await command(again, [0x88, ...SYSADMIN]))]).toEqual([0x88, 0x00, 0x1e]);
    expect(sim.state.openDocument).toBeUndefined();
    expect(sim.receipts()).toEqual([]);
  });

  it('garbage before the answer is skipped by the parser; garbage instead of it is recovered with ENQ', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'garbage', command: 0x10, bytes: [0x00, 0x41, 0x42] });
    sim.faults.add({ kind: 'garbage', command: 0xff01, placement: 'instead' });
    const host = await connectStandard(port);
    host.write(encodeFrame(Uint8Array.from([0x10, ...SYSADMIN])));
    expect(await host.next()).toEqual(control(ACK));
    expect(await host.next()).toEqual({ kind: 'garbage', bytes: Buffer.from([0x00, 0x41, 0x42]) });
    expect(await host.next()).toMatchObject({ kind: 'frame' });
    host.write([ACK]);

    host.write(encodeFrame(Uint8Array.from(FN_STATUS)));
    expect(await host.next()).toEqual(control(ACK));
    expect((await host.next()).kind).toBe('garbage');
    host.write([NAK, ENQ]);
    expect(await host.next()).toEqual(control(ACK));
    const answer = await host.next();
    expect(answer.kind === 'frame' && answer.message.length).toBe(33);
  });

  it('paper out refuses printing with 6Bh; paper running out mid-print still fiscalizes, B0 continues', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    sim.faults.add({ kind: 'paper_out' });
    expect([...(await command(host, operation(100)))]).toEqual([0xff, 0x46, 0x6b]);
    sim.paper.insert();
    sim.faults.add({ kind: 'paper_out', whilePrinting: true });
    await command(host, operation(100));
    const close = await command(host, closeReceipt(100));
    expect(close[2]).toBe(0);
    expect((await command(host, [0x10, ...SYSADMIN]))[6]).toBe(2);
    sim.paper.insert();
    expect((await command(host, [0x10, ...SYSADMIN]))[6]).toBe(3);
    expect([...(await command(host, [0xb0, ...SYSADMIN]))]).toEqual([0xb0, 0x00, 0x1e]);
    expect((await command(host, [0x10, ...SYSADMIN]))[6]).toBe(0);
    expect(sim.paper.printouts.at(-1)).toMatchObject({ fdNumber: close.readUInt32LE(8), complete: true });
  });

  it('FN full refuses a new receipt (12h); FN expired refuses opening the shift (05h)', async () => {
    const { sim, port } = await startSimulator();
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    sim.faults.add({ kind: 'fn_full' });
    expect([...(await command(host, operation(100)))]).toEqual([0xff, 0x46, 0x12]);
    expect([...(await command(host, [0xff, 0x63, ...SYSADMIN]))].slice(3, 7)).toEqual([0, 0, 0, 0]);
    await command(host, [0x41, ...SYSADMIN]);
    sim.faults.add({ kind: 'fn_expired' });
    expect([...(await command(host, OPEN_SHIFT))]).toEqual([0xe0, 0x05]);
  });

  it('the 24-hour rule and the 30-day OFD block, with the device clock moved forward', async () => {
    const { sim, port } = await startSimulator({ ofdOnline: false });
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    sim.clock.advance(25 * 3_600_000);
    expect((await command(host, [0x10, ...SYSADMIN]))[5]).toBe(0x03);
    expect([...(await command(host, operation(100)))]).toEqual([0xff, 0x46, 0x4e]);
    expect((await command(host, [0x41, ...SYSADMIN]))[1]).toBe(0);
    sim.clock.advance(31 * 86_400_000);
    expect([...(await command(host, OPEN_SHIFT))]).toEqual([0xe0, 0x15]);
    sim.ofd.deliverAll();
    expect((await command(host, OPEN_SHIFT))[1]).toBe(0);
  });
});

describe('alternative lower level (0x8F, NUM16)', () => {
  const packetOf = (token: FrameV2Token): PacketV2 => {
    if (token.kind !== 'packet') throw new Error(token.kind);
    return token.packet;
  };

  it('answers the capture’s out-of-sequence request with an empty type II packet, then runs NUM 1 once', async () => {
    const { sim, port } = await startSimulator();
    const host = await openAlternative(port);
    hosts.push(host as RawHost<unknown>);
    host.write([0x8f, 0x07, 0x00, 0x1b, 0x00, 0x10, 0x1e, 0x00, 0x00, 0x00, 0x2a, 0x68]);
    expect(packetOf(await host.next())).toEqual({ num: 0, data: Buffer.alloc(0) });

    host.write(encodeFrameV2({ num: 1, data: Buffer.from(OPEN_SHIFT) }));
    const first = packetOf(await host.next());
    expect(first).toEqual({ num: 1, data: Buffer.from([0xe0, 0x00, 0x1e]) });
    host.write(encodeFrameV2({ num: 1, data: Buffer.from(OPEN_SHIFT) }));
    expect(packetOf(await host.next())).toEqual(first);
    host.write(encodeFrameV2({ data: Buffer.alloc(0) }));
    expect(packetOf(await host.next())).toEqual(first);
    expect(sim.archive().filter((record) => record.kind === 'shift_open')).toHaveLength(1);
  });

  it('a dropped FF45 answer comes back when the host reconnects and repeats the same NUM: one receipt', async () => {
    const { sim, port } = await startSimulator();
    sim.faults.add({ kind: 'drop_answer' });
    const host = await openAlternative(port);
    hosts.push(host as RawHost<unknown>);
    host.write(encodeFrameV2({ num: 1, data: Buffer.from(OPEN_SHIFT) }));
    await host.next();
    host.write(encodeFrameV2({ num: 2, data: Buffer.from(operation(500)) }));
    await host.next();
    host.write(encodeFrameV2({ num: 3, data: Buffer.from(closeReceipt(500)) }));
    await host.closed;

    const again = await openAlternative(port);
    hosts.push(again as RawHost<unknown>);
    again.write(encodeFrameV2({ num: 3, data: Buffer.from(closeReceipt(500)) }));
    const answer = packetOf(await again.next());
    expect(answer.num).toBe(3);
    expect(answer.data.readUInt32LE(8)).toBe(sim.receipts()[0]!.fdNumber);
    expect(sim.receipts()).toHaveLength(1);
  });
});

describe('lifecycle and the state file', () => {
  it('keeps the FN across a restart: FD numbers continue, the archive and the shift survive', async () => {
    stateDirectory = mkdtempSync(join(tmpdir(), 'shtrih-sim-'));
    const stateFile = join(stateDirectory, 'fn.json');
    const { sim, port } = await startSimulator({ stateFile });
    const host = await connectStandard(port);
    await command(host, OPEN_SHIFT);
    await command(host, operation(100));
    const first = (await command(host, closeReceipt(100))).readUInt32LE(8);
    host.end();
    await sim.stop();
    await sim.stop();

    const restarted = await startSimulator({ stateFile });
    expect(restarted.sim.state.lastFdNumber).toBe(first);
    expect(restarted.sim.state.shift.open).toBe(true);
    const again = await connectStandard(restarted.port);
    await command(again, operation(200));
    const second = (await command(again, closeReceipt(200))).readUInt32LE(8);
    expect(second).toBe(first + 1);
    expect(restarted.sim.receipts().map((record) => record.totalKopecks)).toEqual([100, 200]);
  });
});
