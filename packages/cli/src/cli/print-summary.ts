import type { IngestSummary } from '../ingest/ingest-summary.js';
import { formatCount, formatDuration, formatMb } from '../progress/progress-snapshot.js';

/** The human summary of an ingest: totals, then what each channel committed and did not. */
export function formatSummary(s: IngestSummary): string {
  const lines: string[] = [];
  const head =
    s.outcome === 'complete'
      ? 'done'
      : s.outcome === 'interrupted'
        ? 'interrupted'
        : s.outcome === 'stopped'
          ? 'stopped at a bad row (--on-error stop)'
          : 'FAILED';
  lines.push(
    `${head}: ${formatCount(s.rows.appended)} rows sent, ${formatCount(s.rows.committed)} committed, ${formatCount(s.rows.uncommitted)} not committed, ${formatCount(s.rows.rejected)} rejected; ${formatMb(s.bytes)} MB in ${formatDuration(s.seconds)} (${formatCount(s.rowsPerSecond)} rows/s)`,
  );
  for (const c of s.channels) {
    const resumed =
      c.resumedFrom === null ? 'from the start' : `after offset token ${c.resumedFrom}`;
    let line = `  channel ${c.channel}: started ${resumed}; committed through offset token ${c.committedToken ?? '(none)'}`;
    if (c.rowsUncommitted > 0) {
      line += `; NOT committed: ${formatCount(c.rowsUncommitted)} rows after ${c.committedToken ?? 'the start'} through ${c.lastAppendedToken ?? '?'} (the next run sends them again)`;
    }
    if (c.error !== undefined) line += `; error: ${c.error}`;
    lines.push(line);
  }
  if (s.outcome === 'interrupted') {
    lines.push('  run the same command again to continue after the committed offset tokens.');
  } else if (s.outcome === 'stopped') {
    lines.push(
      '  fix or remove the bad row (or use --on-error skip), then run the same command again.',
    );
  }
  return `${lines.join('\n')}\n`;
}
