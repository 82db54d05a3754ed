// One live connection: the byte stream, a stream parser and the TokenReader the dialogue reads from.
// It also enforces the byte timeout: a frame whose bytes stop arriving for longer than `byteMs` is cut
// and reported as the parser's "bad" token (spec §«Стандартный нижний уровень»: «тайм-аут ожидания
// каждого байта»), so the dialogue can ask for it again.

import type { ByteConnection, Connector } from './byte-connection.ts';
import { type DriverLogger, hexDump } from './driver-logger.ts';
import { connectionLost, type LinkErrorContext } from './link-errors.ts';
import { TokenReader } from './token-reader.ts';

export interface StreamParser<T> {
  push(chunk: Uint8Array): T[];
  reset(): void;
  readonly inFrame: boolean;
}

export interface StreamLinkOptions<T> {
  parser: StreamParser<T>;
  logger: DriverLogger;
  byteMs: number;
  /** Token reported when a frame is cut by the byte timeout. */
  cutToken: T;
}

export class StreamLink<T> {
  readonly reader = new TokenReader<T>();
  private byteTimer: ReturnType<typeof setTimeout> | undefined;
  private alive = true;
  private readonly connection: ByteConnection;
  private readonly options: StreamLinkOptions<T>;

  constructor(connection: ByteConnection, options: StreamLinkOptions<T>) {
    this.connection = connection;
    this.options = options;
    connection.onData((chunk) => this.receive(chunk));
    connection.onClose((error) => {
      this.alive = false;
      this.clearByteTimer();
      this.reader.close(error);
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  write(bytes: Uint8Array, command: string): void {
    this.options.logger.debug({ command, tx: hexDump(bytes) }, 'shtrih tx');
    this.connection.write(bytes);
  }

  destroy(): void {
    this.alive = false;
    this.clearByteTimer();
    this.connection.destroy();
    this.reader.close();
  }

  private receive(chunk: Buffer): void {
    const { parser, logger, byteMs, cutToken } = this.options;
    logger.debug({ rx: hexDump(chunk) }, 'shtrih rx');
    for (const token of parser.push(chunk)) this.reader.push(token);
    this.clearByteTimer();
    if (parser.inFrame) {
      this.byteTimer = setTimeout(() => {
        parser.reset();
        this.reader.push(cutToken);
      }, byteMs);
    }
  }

  private clearByteTimer(): void {
    if (this.byteTimer !== undefined) clearTimeout(this.byteTimer);
    this.byteTimer = undefined;
  }
}

/** Connects and wraps the connection; a refused or failed connect means the command was never sent. */
export async function connectStreamLink<T>(
  connector: Connector,
  options: StreamLinkOptions<T>,
  context: LinkErrorContext,
): Promise<StreamLink<T>> {
  try {
    return new StreamLink<T>(await connector(), options);
  } catch (error) {
    throw connectionLost(context, `cannot connect: ${(error as Error).message}`);
  }
}
