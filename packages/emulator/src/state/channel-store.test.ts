import { createFakeClock } from '@snowpipe/test-utils';
import { describe, expect, it } from 'vitest';
import { createLedgerStore } from '../ledger/ledger.js';
import { createChannelStore } from './channel-store.js';

const batch = (endOffset: string) => ({
  validRows: 1,
  errorRows: 0,
  firstErrorLine: undefined,
  keys: undefined,
  retained: undefined,
  endOffset,
});

/**
 * A store over a fake clock whose `now()` can be told what to answer next (`readings`), so a
 * test can land the due time exactly between two readings of one decision.
 */
function storeWithScriptedClock(commitDelayMs: number) {
  const fake = createFakeClock({ startMs: 1_800_000_000_000 });
  const readings: number[] = [];
  const clock = { now: () => readings.shift() ?? fake.now(), sleep: fake.sleep };
  const ledger = createLedgerStore({ keyField: undefined, retainCap: 0 });
  const store = createChannelStore({
    clock,
    ledger,
    autoCreatePipes: true,
    pipes: [],
    commitDelayMs,
    policy: { withheld: () => false, extraDelayMs: () => 0 },
  });
  return { fake, readings, store };
}

describe('channel store: commit timer', () => {
  it('commits a batch whose due time falls between two clock readings of the timer', async () => {
    const { fake, readings, store } = storeWithScriptedClock(20);
    const ch = store.open('DB', 'S', 'P', 'C', undefined);
    const dueAtMs = fake.now() + 20;
    store.enqueue(ch, batch('7'));
    // The timer fires at the due time; its first reading says 1 ms before it, every later one
    // says the due time (the clock moved on between them).
    readings.push(dueAtMs - 1);
    await fake.tick(20);
    await fake.tick(1_000);
    expect(ch.pending).toHaveLength(0);
    expect(ch.committedOffset).toBe('7');
    store.stop();
  });

  it('a reopen discards uncommitted rows and invalidates earlier sequencers', () => {
    const { store } = storeWithScriptedClock(1_000);
    const ch = store.open('DB', 'S', 'P', 'C', undefined);
    store.enqueue(ch, batch('1'));
    const reopened = store.open('DB', 'S', 'P', 'C', undefined);
    expect(reopened.clientSeq).toBe(1);
    expect(reopened.pending).toHaveLength(0);
    store.stop();
  });

  it('a channel dropped and created again starts a new sequencer and a new created_on_ms', () => {
    const { store } = storeWithScriptedClock(0);
    const first = store.open('DB', 'S', 'P', 'C', undefined);
    store.open('DB', 'S', 'P', 'C', undefined);
    store.drop(first);
    const again = store.open('DB', 'S', 'P', 'C', undefined);
    expect(again.clientSeq).toBe(2);
    expect(again.createdOnMs).toBeGreaterThan(first.createdOnMs);
    expect(again.committedOffset).toBeNull();
    store.stop();
  });

  it('forgetChannels loses every channel and its committed token', () => {
    const { store } = storeWithScriptedClock(0);
    const ch = store.open('DB', 'S', 'P', 'C', undefined);
    store.enqueue(ch, batch('3'));
    expect(ch.committedOffset).toBe('3');
    store.forgetChannels();
    expect(store.get('DB', 'S', 'P', 'C')).toBeUndefined();
    expect(store.open('DB', 'S', 'P', 'C', undefined).committedOffset).toBeNull();
    store.stop();
  });
});
