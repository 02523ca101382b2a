import type { AggregatedResult } from './aggregate.js';
import type { MachineInfo } from './machine.js';
import type { BenchResult } from './result.js';

/** One figure of the runner's report: a result plus the area it came from. */
export type ReportRow = (BenchResult | AggregatedResult) & { area: string };

/** Everything `latest.json` holds. */
export interface BenchReport {
  machine: MachineInfo;
  /** 1-minute load average when the run ended. */
  loadAtEnd: number;
  durationS: number;
  rows: ReportRow[];
  /** Benchmarks that threw, by area. */
  errors: Array<{ area: string; message: string }>;
}

const num = (n: number | undefined): string =>
  n === undefined || Number.isNaN(n)
    ? ''
    : Math.abs(n) >= 100
      ? Math.round(n).toLocaleString('en-US')
      : Math.abs(n) >= 10
        ? n.toFixed(1)
        : n.toFixed(3);

const cell = (s: string): string => s.replaceAll('|', '\\|');

function spreadOf(r: ReportRow): string {
  const a = r as Partial<AggregatedResult>;
  if (a.runs === undefined || a.runs < 2) return '';
  const s = a.ratioSpread ?? a.spread;
  return s ? ` (${num(s.min)}–${num(s.max)}, ${a.runs} runs)` : '';
}

/** Renders the report as a Markdown table with a machine line and per-figure notes. */
export function reportToMarkdown(report: BenchReport): string {
  const m = report.machine;
  const underLoad = Math.max(m.load1, report.loadAtEnd) > m.cores;
  const lines = [
    `Measured ${m.date} on this machine: node ${m.node}, ${m.cpu}, ${m.cores} cores; load average ${m.load1} at start, ${report.loadAtEnd} at end${underLoad ? ' (**under load: absolute numbers and ratios are noisy; re-measure on a quiet machine**)' : ''}; whole run ${report.durationS.toFixed(0)} s.`,
    '',
    '| area | figure | ours | peer | peer value | ratio | goal | verdict |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of report.rows) {
    const ratio = r.ratio === undefined ? '' : `${r.ratio.toFixed(3)}${spreadOf(r)}`;
    const value = `${num(r.value)} ${r.unit}${r.ratio === undefined ? spreadOf(r) : ''}`;
    lines.push(
      `| ${r.area} | ${cell(r.name)} | ${cell(value)} | ${cell(r.peer ?? '')} | ${r.peerValue === undefined ? '' : cell(`${num(r.peerValue)} ${r.unit}`)} | ${ratio} | ${cell(r.goal ?? '')} | ${r.pass === undefined ? 'info' : r.pass ? 'pass' : '**short**'} |`,
    );
  }
  for (const e of report.errors)
    lines.push(`| ${e.area} | (failed) | ${cell(e.message)} | | | | | **error** |`);
  lines.push('', '<details><summary>Notes per figure</summary>', '');
  for (const r of report.rows) if (r.notes) lines.push(`- \`${r.name}\`: ${r.notes}`);
  lines.push('', '</details>', '');
  return lines.join('\n');
}
