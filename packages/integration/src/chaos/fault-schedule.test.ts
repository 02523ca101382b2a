import { describe, expect, it } from 'vitest';
import { eventKind, planFaultSchedule } from './fault-schedule.js';

const input = { seed: 7, events: 60, totalBatches: 1_000, channelNames: ['A', 'B', 'C'] };

describe('planFaultSchedule', () => {
  it('is a pure function of its input (same seed, same schedule; another seed, another one)', () => {
    expect(planFaultSchedule(input)).toEqual(planFaultSchedule(input));
    expect(planFaultSchedule({ ...input, seed: 8 })).not.toEqual(planFaultSchedule(input));
  });

  it('spreads events over the run in order and covers every fault kind', () => {
    const events = planFaultSchedule(input);
    expect(events).toHaveLength(60);
    const at = events.map((e) => e.atBatch);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(at[0]).toBeGreaterThan(0);
    expect(at.at(-1)).toBeLessThan(1_000);
    expect(new Set(events.map(eventKind))).toEqual(
      new Set([
        'http429',
        'http429RetryAfter',
        'http503',
        'http500',
        'http401',
        'revokeScopedTokens',
        'reset',
        'resetAfterApply',
        'stall',
        'staleSequencer',
        'invalidateChannel',
        'withholdCommit',
        'secondWriter',
      ]),
    );
  });

  it('targets only known channels and keeps stalls short', () => {
    for (const e of planFaultSchedule({ ...input, events: 500 })) {
      if (e.type === 'withhold' || e.type === 'takeover')
        expect(input.channelNames).toContain(e.channel);
      if (e.type === 'rule' && e.rule.channel !== undefined)
        expect(input.channelNames).toContain(e.rule.channel);
      if (e.type === 'rule' && e.rule.kind === 'stall') expect(e.rule.stallMs).toBeLessThan(50);
    }
  });
});
