// Scripted faults for tests. Wire faults act on the answer to a matching command: `drop_answer` (the
// command IS executed — after FF45 the receipt is fiscalized — but its answer never leaves: the link is
// closed or stays silent), `disconnect` (the answer is sent, then the link is closed, leaving e.g. a
// receipt open after FF46), `delay` (the answer comes N ms late; meanwhile ENQ gets ACK, «готовится
// ответ»), `garbage` (noise before, or instead of, the answer; the answer stays retrievable by ENQ).
// Device faults change the device at once: `paper_out` (now, or in the middle of the next printout),
// `fn_full` (no free document left), `fn_expired` (the FN validity date has passed).

export type CommandSelector = number | string;

interface Matching {
  /** Command code (0xFF45) or its hex label ('FF45'); by default see DEFAULT_COMMAND. */
  command?: CommandSelector;
  /** Matching commands to let through untouched first. */
  skip?: number;
  /** How many matching commands it hits; default 1, Infinity for every one. */
  times?: number;
}

export type FaultSpec =
  | ({ kind: 'drop_answer'; link?: 'close' | 'silent' } & Matching)
  | ({ kind: 'disconnect' } & Matching)
  | ({ kind: 'delay'; ms: number } & Matching)
  | ({ kind: 'garbage'; bytes?: readonly number[]; placement?: 'before' | 'instead' } & Matching)
  | { kind: 'paper_out'; whilePrinting?: boolean }
  | { kind: 'fn_full' }
  | { kind: 'fn_expired' };

export type WireFault = Extract<FaultSpec, { kind: 'drop_answer' | 'disconnect' | 'delay' | 'garbage' }>;
export type DeviceFault = Exclude<FaultSpec, WireFault>;

/** The fault scenarios the brief names: a lost close answer, a link lost in the middle of a receipt. */
const DEFAULT_COMMAND: Readonly<Record<WireFault['kind'], number | undefined>> = {
  drop_answer: 0xff45,
  disconnect: 0xff46,
  delay: undefined,
  garbage: undefined,
};

/** Noise that is no STX, ENQ, ACK, NAK nor 8F, so a parser has to skip it. */
const DEFAULT_GARBAGE = [0x00, 0xff, 0x7e, 0x41, 0x13] as const;

export interface AnswerEffects {
  delayMs: number;
  garbageBefore: Buffer | undefined;
  garbageInstead: Buffer | undefined;
  /** The answer is never sent; the link is closed, or goes silent for good. */
  drop: 'close' | 'silent' | undefined;
  /** Close the link right after sending the answer. */
  disconnectAfter: boolean;
}

interface ArmedFault {
  spec: WireFault;
  command: number | undefined;
  skip: number;
  times: number;
}

export class FaultPlan {
  private armed: ArmedFault[] = [];
  private readonly applyDeviceFault: (fault: DeviceFault) => void;

  constructor(applyDeviceFault: (fault: DeviceFault) => void) {
    this.applyDeviceFault = applyDeviceFault;
  }

  add(spec: FaultSpec): void {
    if (!isWireFault(spec)) {
      this.applyDeviceFault(spec);
      return;
    }
    const command = spec.command === undefined ? DEFAULT_COMMAND[spec.kind] : toCode(spec.command);
    this.armed.push({ spec, command, skip: spec.skip ?? 0, times: spec.times ?? 1 });
  }

  /** Disarms every pending wire fault (device faults stay: put paper back with `paper.insert()`). */
  clear(): void {
    this.armed = [];
  }

  /** Wire faults still armed, for tests that check a fault was used up. */
  pending(): WireFault[] {
    return this.armed.map((fault) => fault.spec);
  }

  /** Consumes the faults that match this command and says what happens to its answer. */
  effectsFor(command: number): AnswerEffects {
    const effects: AnswerEffects = {
      delayMs: 0,
      garbageBefore: undefined,
      garbageInstead: undefined,
      drop: undefined,
      disconnectAfter: false,
    };
    for (const fault of this.armed) {
      if (fault.command !== undefined && fault.command !== command) continue;
      if (fault.skip > 0) {
        fault.skip -= 1;
        continue;
      }
      fault.times -= 1;
      apply(fault.spec, effects);
    }
    this.armed = this.armed.filter((fault) => fault.times > 0);
    return effects;
  }
}

function apply(spec: WireFault, effects: AnswerEffects): void {
  switch (spec.kind) {
    case 'drop_answer':
      effects.drop = spec.link ?? 'close';
      return;
    case 'disconnect':
      effects.disconnectAfter = true;
      return;
    case 'delay':
      effects.delayMs += spec.ms;
      return;
    case 'garbage': {
      const bytes = Buffer.from(spec.bytes ?? DEFAULT_GARBAGE);
      if (spec.placement === 'instead') effects.garbageInstead = bytes;
      else effects.garbageBefore = bytes;
      return;
    }
  }
}

function isWireFault(spec: FaultSpec): spec is WireFault {
  return (
    spec.kind === 'drop_answer' ||
    spec.kind === 'disconnect' ||
    spec.kind === 'delay' ||
    spec.kind === 'garbage'
  );
}

function toCode(selector: CommandSelector): number {
  if (typeof selector === 'number') return selector;
  const code = Number.parseInt(selector, 16);
  if (!/^[0-9a-f]{2}([0-9a-f]{2})?$/i.test(selector) || Number.isNaN(code)) {
    throw new Error(`command selector "${selector}" is not a hex code like "FF45" or "10"`);
  }
  return code;
}
