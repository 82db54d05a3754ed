import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../../drivers/shtrih/protocol/frame.ts';
import { StandardTransport } from '../../../../drivers/shtrih/transport/standard-transport.ts';
import { failure } from '../../../helpers/fiscal-failure.ts';
import { CAPTURE } from './capture.ts';
import { FakeConnection, fakeConnector } from './fake-connection.ts';
import { FakeStandardDevice } from './fake-standard-device.ts';
import { hex, toHex } from './hex.ts';

const FAST = { connectMs: 100, ackMs: 100, byteMs: 100, answerMs: 250, printAnswerMs: 250 };
const SHORT_STATUS = hex('10 1E 00 00 00');
const SHORT_STATUS_ANSWER = hex('10 00 1E 92 02 02 00 00 9F E5 18 01 00 92 08 00');
const QUERY = { label: '10', timing: 'query' } as const;

function setup(respond: (message: Buffer) => Buffer = () => SHORT_STATUS_ANSWER) {
  const device = new FakeStandardDevice(respond);
  const connector = fakeConnector(() => device.connection());
  const logged: object[] = [];
  const transport = new StandardTransport({
    connector,
    timeouts: FAST,
    logger: { debug: (obj) => logged.push(obj) },
  });
  return { device, connector, transport, logged };
}

/** A transport whose every connect gets this one scripted connection. */
function transportOver(connection: FakeConnection) {
  return new StandardTransport({ connector: fakeConnector(() => connection), timeouts: FAST });
}

describe('StandardTransport', () => {
  it('probes with ENQ, sends the frame and ACKs the answer — the capture bytes on the wire', async () => {
    const { transport, connector } = setup();
    const answer = await transport.exchange(SHORT_STATUS, QUERY);
    expect(toHex(answer)).toBe(toHex(SHORT_STATUS_ANSWER));
    expect(connector.connects[0]!.writtenHex).toBe(`05 ${toHex(CAPTURE.shortStatusRequest)} 06`);
  });

  it('logs traffic as hex at debug level', async () => {
    const { transport, logged } = setup();
    await transport.exchange(SHORT_STATUS, QUERY);
    expect(logged).toContainEqual({ command: '10', tx: toHex(CAPTURE.shortStatusRequest) });
    expect(logged).toContainEqual({ rx: '15' });
  });

  it('reads and discards an answer the device still holds before sending the new command', async () => {
    const { transport, device, connector } = setup();
    device.holdAnswer(hex('FF 45 00 00 00 00 00 00 AA 01 00 00 01 00 00 00'));
    const answer = await transport.exchange(SHORT_STATUS, QUERY);
    expect(toHex(answer)).toBe(toHex(SHORT_STATUS_ANSWER));
    // ENQ → (ACK + stale answer) → ACK → ENQ → NAK → command
    expect(connector.connects[0]!.writtenHex).toBe(`05 06 05 ${toHex(CAPTURE.shortStatusRequest)} 06`);
    expect(device.executed).toHaveLength(1);
  });

  it('sends the frame again after NAK', async () => {
    const { transport, device, connector } = setup();
    device.faults.nakCommands = 2;
    await transport.exchange(SHORT_STATUS, QUERY);
    const frame = toHex(CAPTURE.shortStatusRequest);
    expect(connector.connects[0]!.writtenHex).toBe(`05 ${frame} ${frame} ${frame} 06`);
    expect(device.executed).toHaveLength(1);
  });

  it('answers a damaged answer with NAK and ENQ and takes the repeated one', async () => {
    const { transport, device, connector } = setup();
    device.faults.corruptAnswers = 1;
    const answer = await transport.exchange(SHORT_STATUS, QUERY);
    expect(toHex(answer)).toBe(toHex(SHORT_STATUS_ANSWER));
    expect(connector.connects[0]!.writtenHex).toBe(`05 ${toHex(CAPTURE.shortStatusRequest)} 15 05 06`);
    expect(device.executed).toHaveLength(1);
  });

  it('assembles an answer that arrives in pieces with garbage before it', async () => {
    const connection = new FakeConnection((bytes, self) => {
      if (bytes[0] === 0x05) self.send(hex('15'));
      else if (bytes[0] === 0x02) {
        const frame = encodeFrame(SHORT_STATUS_ANSWER);
        self.send(hex('06 FF 00'));
        self.send(frame.subarray(0, 5));
        self.send(frame.subarray(5));
      }
    });
    const transport = transportOver(connection);
    expect(toHex(await transport.exchange(SHORT_STATUS, QUERY))).toBe(toHex(SHORT_STATUS_ANSWER));
  });

  it('reports a refused connection as connection_lost with a known outcome', async () => {
    const transport = new StandardTransport({
      connector: async () => {
        throw new Error('ECONNREFUSED');
      },
      timeouts: FAST,
    });
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'connection_lost', outcomeKnown: true, retryable: true });
  });

  it('reports silence to ENQ as a timeout with a known outcome (nothing was sent)', async () => {
    const { transport, device, connector } = setup();
    device.faults.mute = true;
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'timeout', outcomeKnown: true });
    expect(connector.connects[0]!.writtenHex).toBe('05 05 05');
  });

  it('reports a link that closes after the frame was taken as connection_lost with an unknown outcome, then reconnects', async () => {
    const { transport, device, connector } = setup();
    device.faults.closeAfterAck = true;
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'connection_lost', outcomeKnown: false });
    expect(device.executed).toHaveLength(1);
    // The next command connects again; the device still holds the unconfirmed answer and hands it over first.
    await transport.exchange(SHORT_STATUS, QUERY);
    expect(connector.connects).toHaveLength(2);
    expect(connector.connects[1]!.writtenHex.startsWith('05 06 05 02')).toBe(true);
  });

  it('reports a missing answer as a timeout with an unknown outcome', async () => {
    const { transport, device } = setup();
    device.faults.swallowAnswer = true;
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'timeout', outcomeKnown: false });
  });

  it('reports noise that never forms an answer as a protocol error with an unknown outcome', async () => {
    const connection = new FakeConnection((bytes, self) => {
      if (bytes[0] === 0x05) self.send(hex('15'));
      else if (bytes[0] === 0x02) self.send(hex('06 FF FE FD'));
    });
    const transport = transportOver(connection);
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'protocol_error', outcomeKnown: false });
  });

  it('asks with ENQ when the ACK does not come, and reads the answer when the device says it took the command', async () => {
    let answered = false;
    const connection = new FakeConnection((bytes, self) => {
      if (bytes[0] === 0x02) return; // took the command silently (ACK lost)
      if (bytes[0] !== 0x05) return;
      if (!answered && connection.written.length === 1) self.send(hex('15'));
      else if (!answered) {
        answered = true;
        self.send(hex('06'));
        self.send(encodeFrame(SHORT_STATUS_ANSWER));
      }
    });
    const transport = transportOver(connection);
    expect(toHex(await transport.exchange(SHORT_STATUS, QUERY))).toBe(toHex(SHORT_STATUS_ANSWER));
    expect(connection.writtenHex).toBe(`05 ${toHex(CAPTURE.shortStatusRequest)} 05 06`);
  });

  it('cuts a frame whose bytes stop coming (byte timeout) and asks again', async () => {
    let sent = 0;
    const connection = new FakeConnection((bytes, self) => {
      if (bytes[0] === 0x05 && sent === 0) self.send(hex('15'));
      else if (bytes[0] === 0x02 || (bytes[0] === 0x05 && sent === 1)) {
        const frame = encodeFrame(SHORT_STATUS_ANSWER);
        if (sent++ === 0) self.send(Buffer.concat([hex('06'), frame.subarray(0, 6)]));
        else self.send(Buffer.concat([hex('06'), frame]));
      }
    });
    const transport = transportOver(connection);
    expect(toHex(await transport.exchange(SHORT_STATUS, QUERY))).toBe(toHex(SHORT_STATUS_ANSWER));
    expect(connection.writtenHex).toBe(`05 ${toHex(CAPTURE.shortStatusRequest)} 15 05 06`);
  });

  it('runs one command at a time', async () => {
    const { transport, device, connector } = setup((message) =>
      Buffer.concat([message.subarray(0, 1), hex('00 1E')]),
    );
    const [first, second] = await Promise.all([
      transport.exchange(hex('40 1E 00 00 00'), { label: '40', timing: 'print' }),
      transport.exchange(hex('B0 1E 00 00 00'), { label: 'B0', timing: 'print' }),
    ]);
    expect(toHex(first)).toBe('40 00 1E');
    expect(toHex(second)).toBe('B0 00 1E');
    expect(device.executed.map((message) => message[0])).toEqual([0x40, 0xb0]);
    const wire = connector.connects[0]!.writtenHex;
    expect(wire.indexOf('B0 1E')).toBeGreaterThan(wire.indexOf('40 1E'));
  });

  it('gives up after too many NAKs with a known outcome', async () => {
    const device = new FakeStandardDevice(() => SHORT_STATUS_ANSWER);
    device.faults.nakCommands = 100;
    const transport = new StandardTransport({
      connector: fakeConnector(() => device.connection()),
      timeouts: FAST,
      maxSendTries: 3,
    });
    const error = await failure(transport.exchange(SHORT_STATUS, QUERY));
    expect(error).toMatchObject({ code: 'protocol_error', outcomeKnown: true });
    expect(device.executed).toHaveLength(0);
  });
});
