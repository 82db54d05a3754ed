import { describe, expect, it } from 'vitest';
import { AlternativeTransport } from '../../../../drivers/shtrih/transport/alternative-transport.ts';
import { failure } from '../../../helpers/fiscal-failure.ts';
import { FakeAlternativeDevice } from './fake-alternative-device.ts';
import { fakeConnector } from './fake-connection.ts';
import { hex, toHex } from './hex.ts';

const FAST = { connectMs: 100, ackMs: 100, byteMs: 100, answerMs: 300, printAnswerMs: 500 };
const SHORT_STATUS = hex('10 1E 00 00 00');
const ANSWER = hex('10 00 1E 90 00 02 00 00 00 00 00 00 00 FF FF FF 00');
const QUERY = { label: '10', timing: 'query' } as const;

function setup(device: FakeAlternativeDevice) {
  const connector = fakeConnector(() => device.connection());
  const transport = new AlternativeTransport({ connector, timeouts: FAST, resendMs: 50 });
  return { connector, transport };
}

describe('AlternativeTransport (protocol v2)', () => {
  it('learns the NUM with a ping and sends NUM + 1 — the fr_drv_ng capture bytes', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 0x1a, hex('11 00'));
    const { transport, connector } = setup(device);
    expect(toHex(await transport.exchange(SHORT_STATUS, QUERY))).toBe(toHex(ANSWER));
    expect(connector.connects[0]!.writtenHex).toBe('8F 00 00 0F 1D 8F 07 00 1B 00 10 1E 00 00 00 2A 68');
    expect(device.lastNum).toBe(0x1b);
  });

  it('numbers the following commands without pinging again', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 5);
    const { transport, connector } = setup(device);
    await transport.exchange(SHORT_STATUS, QUERY);
    await transport.exchange(SHORT_STATUS, QUERY);
    expect(device.lastNum).toBe(7);
    expect(connector.connects[0]!.written.filter((bytes) => bytes[1] === 0 && bytes[2] === 0)).toHaveLength(
      1,
    );
  });

  it('re-sends the same NUM after a lost answer and gets it from the device cache: executed once', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 1);
    const { transport } = setup(device);
    device.dropNextAnswer = true;
    expect(toHex(await transport.exchange(SHORT_STATUS, QUERY))).toBe(toHex(ANSWER));
    expect(device.executed).toHaveLength(1);
  });

  it('reconnects after the link drops and re-sends the same NUM: executed once', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 1);
    const { transport, connector } = setup(device);
    device.closeAfterNext = true;
    expect(toHex(await transport.exchange(SHORT_STATUS, { label: 'FF45', timing: 'print' }))).toBe(
      toHex(ANSWER),
    );
    expect(device.executed).toHaveLength(1);
    expect(connector.connects).toHaveLength(2);
  });

  it('takes the device number and sends again when out of sync on the first send', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 3);
    const { transport } = setup(device);
    await transport.exchange(SHORT_STATUS, QUERY); // NUM 4
    device.lastNum = 40; // another client talked to the device
    await transport.exchange(SHORT_STATUS, QUERY);
    expect(device.lastNum).toBe(41);
    expect(device.executed).toHaveLength(2);
  });

  it('refuses to renumber a command that may already have run (device restarted meanwhile)', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 8);
    const { transport } = setup(device);
    await transport.exchange(SHORT_STATUS, QUERY);
    device.restartAfterNext = true;
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'protocol_error', outcomeKnown: false });
    expect(device.executed).toHaveLength(2);
  });

  it('reports a refused connection with a known outcome', async () => {
    const transport = new AlternativeTransport({
      connector: async () => {
        throw new Error('ECONNREFUSED');
      },
      timeouts: FAST,
    });
    expect(await failure(transport.exchange(SHORT_STATUS, QUERY))).toMatchObject({
      code: 'connection_lost',
      outcomeKnown: true,
    });
  });

  it('reports a device that never answers our NUM as a timeout with an unknown outcome', async () => {
    const device = new FakeAlternativeDevice(() => ANSWER, 1);
    const { transport, connector } = setup(device);
    await transport.exchange(SHORT_STATUS, QUERY);
    device.mute = true;
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'timeout', outcomeKnown: false });
    // Re-sent with the same NUM 3 until the deadline.
    const sends = connector.connects[0]!.written.filter((bytes) => bytes[3] === 3);
    expect(sends.length).toBeGreaterThan(1);
  });
});
