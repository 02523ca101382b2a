export { createFakeClock, flushMicrotasks } from './fake-clock.js';
export type { FakeClock, FakeClockOptions } from './fake-clock.js';
export { createSeededRandom, constantRandom } from './seeded-random.js';
