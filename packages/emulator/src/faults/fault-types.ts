/** The Snowpipe endpoints a fault rule can target (`any` matches every one of them). */
export type Endpoint =
  'hostname' | 'token' | 'open' | 'append' | 'status' | 'drop' | 'elastic' | 'pipeInfo' | 'any';

/**
 * What a fault does. `reset` cuts the connection before the request is applied; `resetAfterApply`
 * applies it (an append is accepted and committed as usual) and then cuts the connection instead
 * of answering, the ambiguous case clients must survive.
 */
export type FaultKind =
  | 'http429'
  | 'http429RetryAfter'
  | 'http500'
  | 'http503'
  | 'http401'
  | 'reset'
  | 'resetAfterApply'
  | 'stall'
  | 'staleSequencer'
  | 'invalidateChannel'
  | 'withholdCommit'
  | 'slowCommit';

/**
 * One fault rule. With `count`, it fires on the next `count` matching requests; with
 * `probability`, on that fraction of them (seeded); with neither, on every match until cleared.
 * `withholdCommit` and `slowCommit` act on commits rather than responses (see README).
 */
export interface FaultRule {
  /** The endpoint whose requests the rule matches. */
  endpoint: Endpoint;
  /** What happens to a matching request. */
  kind: FaultKind;
  /** Fire on the next N matching requests, then retire. */
  count?: number;
  /** Chance (0..1) that a matching request triggers the fault. */
  probability?: number;
  /** Only requests on this channel (name as sent, resolved like the service does). */
  channel?: string;
  /** `Retry-After` seconds for `http429RetryAfter`. @default 1 */
  retryAfterS?: number;
  /** Stall duration for `stall`; omitted or 0 = never answer until the emulator stops. */
  stallMs?: number;
  /** Extra commit delay for `slowCommit`, in ms. @default 1000 */
  delayMs?: number;
}

/** A fault that fired, for assertions. */
export interface FiredFault {
  /** The id of the rule that fired. */
  id: string;
  /** What the rule did. */
  kind: FaultKind;
  /** The endpoint of the request it hit. */
  endpoint: Endpoint;
}

/** Injects faults; reachable as `emulator.faults` and through `/_emulator/faults`. */
export interface FaultInjector {
  /** Adds a rule and returns its id. Throws `EmulatorError` `INVALID_FAULT_RULE` for a bad rule. */
  inject(rule: FaultRule): string;
  /** Removes one rule, or every rule when `id` is omitted (releasing withheld commits). */
  clear(id?: string): void;
  /** Faults fired so far, oldest first (the last 10,000). */
  fired(): FiredFault[];
  /** Rejects every scoped token issued so far until a new token exchange. */
  revokeScopedTokens(): void;
  /** Active rules with their ids. */
  rules(): Array<
    FaultRule & {
      /** The rule's id, as returned when it was added. */
      id: string;
    }
  >;
}
