/** Counts unhandled promise rejections while installed. */
export interface RejectionCounter {
  count(): number;
  /** The first few reasons, as text. */
  samples(): string[];
  dispose(): void;
}

/** Installs a `process.on('unhandledRejection')` counter (remove it with `dispose()`). */
export function countUnhandledRejections(): RejectionCounter {
  let count = 0;
  const samples: string[] = [];
  const listener = (reason: unknown): void => {
    count += 1;
    if (samples.length < 5)
      samples.push(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
  };
  process.on('unhandledRejection', listener);
  return {
    count: () => count,
    samples: () => [...samples],
    dispose: () => void process.off('unhandledRejection', listener),
  };
}

/** Tracks the peak `process.memoryUsage().heapUsed` over explicit samples. */
export interface HeapSampler {
  sample(): void;
  peak(): number;
}

export function createHeapSampler(): HeapSampler {
  let peak = process.memoryUsage().heapUsed;
  return {
    sample() {
      const used = process.memoryUsage().heapUsed;
      if (used > peak) peak = used;
    },
    peak: () => peak,
  };
}
