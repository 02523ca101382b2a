// The reusable chaos harness (the tests of this package are its main users).
export { runChaos } from './chaos/chaos-run.js';
export { DEFAULT_CHAOS_OPTIONS, resolveChaosOptions } from './chaos/chaos-options.js';
export type {
  ChaosOptions,
  ChaosRestart,
  ChaosTransport,
  ResolvedChaosOptions,
} from './chaos/chaos-options.js';
export { chaosViolations, formatChaosReport, retryBound } from './chaos/chaos-report.js';
export type { ChaosLimits, ChaosReport } from './chaos/chaos-report.js';
export { eventKind, planFaultSchedule } from './chaos/fault-schedule.js';
export type { ChaosEvent, FaultScheduleInput } from './chaos/fault-schedule.js';
export { checkLedger } from './chaos/ledger-check.js';
export type { LedgerVerdict } from './chaos/ledger-check.js';
export { makeRows, nextOffset, rowId } from './chaos/row-source.js';
export type { ChaosRow } from './chaos/row-source.js';
export { createTestKeyPair } from './chaos/test-key-pair.js';
export type { TestKeyPair } from './chaos/test-key-pair.js';
export { FAST_CLIENT_SETTINGS, startEmulatorBench } from './chaos/emulator-client.js';
export type { EmulatorBench } from './chaos/emulator-client.js';
export { countUnhandledRejections, createHeapSampler } from './chaos/process-watch.js';
export type { HeapSampler, RejectionCounter } from './chaos/process-watch.js';
export { withWallClockGuard, WallClockGuardError } from './chaos/clock/system-clock.js';
