/** A single live progress line on a TTY (plain periodic lines otherwise). */
export function createProgressLine(startedMs: number): {
  update(p: Progress): void;
  done(p: Progress): void;
} {
  const tty = process.stdout.isTTY;
  let lastPrint = 0;
  const render = (p: Progress): string => {
    const s = Math.max(0.001, (performance.now() - startedMs) / 1000);
    const mb = p.bytes / 1e6;
    return `  ${p.sent.toLocaleString('en-US')} rows sent, ${Math.round(p.sent / s).toLocaleString('en-US')} rows/s, ${(mb / s).toFixed(1)} MB/s on the wire, ${p.committed.toLocaleString('en-US')} batches committed`;
  };
  return {
    update(p) {
      const now = performance.now();
      if (now - lastPrint < (tty ? 100 : 1000)) return;
      lastPrint = now;
      if (tty) process.stdout.write(`\r${render(p)}\x1b[K`);
      else console.log(render(p));
    },
    done(p) {
      if (tty) process.stdout.write(`\r${render(p)}\x1b[K\n`);
      else console.log(render(p));
    },
  };
}

/** What the progress line shows. */
export interface Progress {
  /** Rows handed to the client. */
  sent: number;
  /** Bytes the client has sent on the wire (after compression). */
  bytes: number;
  /** Batches the service has committed so far. */
  committed: number;
}
