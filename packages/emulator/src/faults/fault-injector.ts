import { EmulatorError } from '../errors.js';
import { resolveIdentifier } from '../identifiers.js';
import { createPrng } from '../prng.js';
import type { ChannelState } from '../state/channel-state.js';
import type { CommitPolicy } from '../state/channel-store.js';
import type { Endpoint, FaultInjector, FaultKind, FaultRule, FiredFault } from './fault-types.js';

const ENDPOINTS: readonly Endpoint[] = [
  'hostname',
  'token',
  'open',
  'append',
  'status',
  'drop',
  'elastic',
  'any',
];
const KINDS: readonly FaultKind[] = [
  'http429',
  'http429RetryAfter',
  'http500',
  'http503',
  'http401',
  'reset',
  'resetAfterApply',
  'stall',
  'staleSequencer',
  'invalidateChannel',
  'withholdCommit',
  'slowCommit',
];
const COMMIT_KINDS: ReadonlySet<FaultKind> = new Set(['withholdCommit', 'slowCommit']);
const MAX_FIRED = 10_000;

interface ActiveRule {
  id: string;
  rule: FaultRule;
  channel: string | undefined;
  remaining: number | undefined;
}

/** The injector plus the hooks the request pipeline and the commit pipeline use. */
export interface FaultEngine extends FaultInjector {
  /**
   * The request fault to apply to this request, if any (consumes counts and randomness).
   * `channels` are the resolved channels the request concerns (bulk status: the names asked for).
   */
  match(endpoint: Exclude<Endpoint, 'any'>, channels: readonly string[]): FaultRule | undefined;
  readonly commitPolicy: CommitPolicy;
  /** True when any rule is active (lets the pipeline skip work when there are none). */
  hasRules(): boolean;
}

function invalid(message: string): never {
  throw new EmulatorError('INVALID_FAULT_RULE', message);
}

/** Validates a rule (from code or from `POST /_emulator/faults`). */
export function validateFaultRule(input: unknown): FaultRule {
  if (typeof input !== 'object' || input === null) invalid('A fault rule must be an object');
  const r = input as Record<string, unknown>;
  if (!ENDPOINTS.includes(r.endpoint as Endpoint))
    invalid(
      `Invalid fault rule endpoint: ${JSON.stringify(r.endpoint)} (expected one of ${ENDPOINTS.join(', ')})`,
    );
  if (!KINDS.includes(r.kind as FaultKind))
    invalid(
      `Invalid fault rule kind: ${JSON.stringify(r.kind)} (expected one of ${KINDS.join(', ')})`,
    );
  const posInt = (name: string, min: number): void => {
    const v = r[name];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min))
      invalid(`Invalid fault rule ${name}: ${JSON.stringify(v)} (expected an integer >= ${min})`);
  };
  posInt('count', 1);
  posInt('retryAfterS', 0);
  posInt('stallMs', 0);
  posInt('delayMs', 0);
  const p = r.probability;
  if (p !== undefined && (typeof p !== 'number' || !(p >= 0 && p <= 1)))
    invalid(`Invalid fault rule probability: ${JSON.stringify(p)} (expected 0..1)`);
  if (r.channel !== undefined && (typeof r.channel !== 'string' || r.channel === ''))
    invalid(`Invalid fault rule channel: ${JSON.stringify(r.channel)}`);
  const rule: FaultRule = { endpoint: r.endpoint as Endpoint, kind: r.kind as FaultKind };
  for (const k of [
    'count',
    'probability',
    'channel',
    'retryAfterS',
    'stallMs',
    'delayMs',
  ] as const) {
    if (r[k] !== undefined) (rule as unknown as Record<string, unknown>)[k] = r[k];
  }
  return rule;
}

/** Creates the seeded fault engine. */
export function createFaultEngine(deps: {
  seed: number;
  onRevoke: () => void;
  onRelease: () => void;
}): FaultEngine {
  const random = createPrng(deps.seed);
  let rules: ActiveRule[] = [];
  let nextId = 1;
  const firedLog: FiredFault[] = [];
  const record = (a: ActiveRule, endpoint: Endpoint): void => {
    if (firedLog.length >= MAX_FIRED) firedLog.shift();
    firedLog.push({ id: a.id, kind: a.rule.kind, endpoint });
  };
  /** Rolls probability and consumes a count; true when the rule fires now. */
  const fire = (a: ActiveRule): boolean => {
    if (a.rule.probability !== undefined && !(random() < a.rule.probability)) return false;
    if (a.remaining !== undefined) {
      a.remaining -= 1;
      if (a.remaining <= 0) rules = rules.filter((x) => x !== a);
    }
    return true;
  };
  const channelMatches = (a: ActiveRule, channel: string | undefined): boolean =>
    a.channel === undefined || a.channel === channel;

  return {
    inject(input) {
      const rule = validateFaultRule(input);
      const id = `fault-${nextId++}`;
      rules.push({
        id,
        rule,
        channel: rule.channel !== undefined ? resolveIdentifier(rule.channel) : undefined,
        remaining: rule.count,
      });
      return id;
    },
    clear(id) {
      const removed = id === undefined ? rules : rules.filter((a) => a.id === id);
      rules = id === undefined ? [] : rules.filter((a) => a.id !== id);
      if (removed.some((a) => a.rule.kind === 'withholdCommit')) deps.onRelease();
    },
    fired: () => firedLog.map((f) => ({ ...f })),
    revokeScopedTokens: () => deps.onRevoke(),
    rules: () => rules.map((a) => ({ ...a.rule, id: a.id })),
    hasRules: () => rules.length > 0,
    match(endpoint, channels) {
      for (const a of rules) {
        if (COMMIT_KINDS.has(a.rule.kind)) continue;
        if (a.rule.endpoint !== 'any' && a.rule.endpoint !== endpoint) continue;
        if (a.channel !== undefined && !channels.includes(a.channel)) continue;
        if (!fire(a)) continue;
        record(a, endpoint);
        return a.rule;
      }
      return undefined;
    },
    commitPolicy: {
      withheld: (ch: ChannelState) =>
        rules.some((a) => a.rule.kind === 'withholdCommit' && channelMatches(a, ch.channel)),
      extraDelayMs(ch: ChannelState) {
        for (const a of rules) {
          if (a.rule.kind !== 'slowCommit' || !channelMatches(a, ch.channel)) continue;
          if (!fire(a)) continue;
          record(a, 'append');
          return a.rule.delayMs ?? 1000;
        }
        return 0;
      },
    },
  };
}
