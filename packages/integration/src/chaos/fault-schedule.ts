import type { FaultRule } from '@snowpipe/emulator';
import { createSeededRandom } from '@snowpipe/test-utils';

/** One scheduled chaos event, fired when the run has appended `atBatch` batches. */
export type ChaosEvent =
  | { atBatch: number; type: 'rule'; rule: FaultRule }
  | { atBatch: number; type: 'revoke' }
  | { atBatch: number; type: 'withhold'; channel: string; holdMs: number }
  | { atBatch: number; type: 'takeover'; channel: string; batches: number };

/** What a seeded schedule is built from. */
export interface FaultScheduleInput {
  seed: number;
  events: number;
  totalBatches: number;
  channelNames: readonly string[];
}

type EventBody =
  | { type: 'rule'; rule: FaultRule }
  | { type: 'revoke' }
  | { type: 'withhold'; channel: string; holdMs: number }
  | { type: 'takeover'; channel: string; batches: number };
type Maker = (
  pick: <T>(items: readonly T[]) => T,
  channel: string,
  random: () => number,
) => EventBody;

const rule = (r: FaultRule): EventBody => ({ type: 'rule', rule: r });
const busy = ['append', 'append', 'status', 'open'] as const;

// Weighted: appends carry most of the traffic, so most faults target them.
const MAKERS: readonly Maker[] = [
  (pick) => rule({ endpoint: pick(busy), kind: 'http429', count: 2 }),
  (pick) =>
    rule({
      endpoint: pick(['append', 'status'] as const),
      kind: 'http429RetryAfter',
      retryAfterS: 1,
      count: 1,
    }),
  (pick) =>
    rule({ endpoint: pick(['append', 'status', 'token'] as const), kind: 'http503', count: 2 }),
  (pick) => rule({ endpoint: pick(['append', 'status'] as const), kind: 'http500', count: 1 }),
  (pick) => rule({ endpoint: pick(['append', 'status'] as const), kind: 'http401', count: 1 }),
  () => ({ type: 'revoke' }),
  (pick) =>
    rule({ endpoint: pick(['append', 'status', 'open'] as const), kind: 'reset', count: 1 }),
  () => rule({ endpoint: 'append', kind: 'resetAfterApply', count: 1 }),
  (pick, _c, random) =>
    rule({
      endpoint: pick(['append', 'status'] as const),
      kind: 'stall',
      stallMs: 5 + Math.floor(random() * 40),
      count: 1,
    }),
  (_p, channel) => rule({ endpoint: 'append', kind: 'staleSequencer', channel, count: 1 }),
  (_p, channel) => rule({ endpoint: 'append', kind: 'invalidateChannel', channel, count: 1 }),
  (_p, channel, random) => ({ type: 'withhold', channel, holdMs: 20 + Math.floor(random() * 80) }),
  // A second writer (a failover or rebalance) opens the channel, resumes from its committed token,
  // writes a batch or two and leaves; the first writer is fenced and must resume the same way.
  (_p, channel, random) => ({ type: 'takeover', channel, batches: 1 + Math.floor(random() * 2) }),
];

/**
 * A pure, seeded fault schedule: `events` chaos events spread evenly over the run's batches,
 * each a fault rule (429 with and without `Retry-After`, bare-string 503, 500, 401, reset before
 * and after apply, short stall, stale sequencer, invalidation), a scoped-token revocation or a
 * withheld commit. The same input always gives the same schedule.
 */
export function planFaultSchedule(input: FaultScheduleInput): ChaosEvent[] {
  const random = createSeededRandom(input.seed ^ 0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const events: ChaosEvent[] = [];
  for (let i = 0; i < input.events; i++) {
    const atBatch = Math.floor(((i + 1) * input.totalBatches) / (input.events + 1));
    const maker = i < MAKERS.length ? (MAKERS[i] as Maker) : pick(MAKERS);
    const channel = pick(input.channelNames);
    events.push({ atBatch, ...maker(pick, channel, random) });
  }
  return events;
}

/** A label for counting events by kind (`revoke`, `withholdCommit`, or the rule's kind). */
export function eventKind(event: ChaosEvent): string {
  if (event.type === 'rule') return event.rule.kind;
  if (event.type === 'takeover') return 'secondWriter';
  return event.type === 'revoke' ? 'revokeScopedTokens' : 'withholdCommit';
}
