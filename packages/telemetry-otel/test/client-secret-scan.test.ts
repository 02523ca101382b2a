// Issue 7 acceptance: stream through the emulator with an encrypted private key, forced token
// refreshes, retries, a channel recovery, a failed poll and a failed channel, then scan every
// exported span, metric data point and client log line for every credential that was actually
// in play: the key (as given and decrypted), its passphrase, and every JWT and scoped token the
// wrapped transport saw on the wire.
import { inspect } from 'node:util';
import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT, SPAN } from '../src/index.js';
import {
  ENCRYPTED_PRIVATE_KEY_PEM,
  PASSPHRASE,
  PLAIN_PRIVATE_KEY_PEM,
  idRows,
  startE2E,
  useAsyncContext,
} from './support/client-e2e.js';
import type { E2E } from './support/client-e2e.js';

useAsyncContext();

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.stop();
  e2e = undefined;
});

/**
 * The base64 body of a PEM block, its lines, and 40-character windows of each line every 8
 * characters (so any leaked run of 47+ characters of a line contains a needle).
 */
function pemNeedles(pem: string): string[] {
  const lines = pem
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('-----') && !l.includes(':'));
  const body = lines.join('');
  expect(body.length).toBeGreaterThan(1000);
  const windows: string[] = [];
  for (const line of lines)
    for (let i = 0; i + 40 <= line.length; i += 8) windows.push(line.slice(i, i + 40));
  return [body, ...lines.filter((l) => l.length >= 40), ...windows];
}

/** A token and, for a JWT, its signature segment (the part that must never leak). */
function tokenNeedles(token: string): string[] {
  const parts = token.split('.');
  const needles = [token];
  if (parts.length === 3 && parts[2]!.length >= 16) needles.push(parts[2]!);
  return needles;
}

/** Everything an exported span carries, as text. */
function spanText(s: ReadableSpan): string {
  return JSON.stringify({
    name: s.name,
    kind: s.kind,
    attributes: s.attributes,
    status: s.status,
    events: s.events.map((ev) => ({ name: ev.name, attributes: ev.attributes })),
    links: s.links.map((l) => ({ context: l.context, attributes: l.attributes })),
    resource: s.resource.attributes,
    scope: s.instrumentationScope,
  });
}

/** The haystack as written, and with line breaks (and their JSON escapes) removed. */
const variants = (text: string): string[] => [text, text.replace(/\\r|\\n|\r|\n/g, '')];

describe('no credential reaches spans, metrics or logs (real client, emulator)', () => {
  it('scans every span, data point and log line after a run with refreshes, retries and failures', async () => {
    const e = (e2e = await startE2E());
    const { channel } = await e.client.openChannel({ name: 'ch' });
    let next = 0;
    const append = async (n: number): Promise<void> => {
      await channel.appendRows(idRows('s', next, n), String(next), String(next + n - 1));
      next += n;
      channel.initiateFlush();
      try {
        await channel.waitForCommit(String(next - 1));
      } catch (error) {
        const wire = e.wire.requests.map((r) => `${r.method} ${r.url.pathname} ${r.status}`);
        throw new Error(`append through ${next - 1} failed:\n${wire.join('\n')}`, { cause: error });
      }
    };
    await append(4);
    // A retried append (503), twice over.
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http503', count: 2 });
    await append(4);
    // Scoped tokens revoked: forced refreshes (on whichever ingest request meets the 401).
    e.emulator.faults.revokeScopedTokens();
    await append(4);
    // A 401 fault (revokes too) on the append itself.
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http401', count: 1 });
    await append(4);
    // A failing status poll (503 on every attempt, then give-up) before the commit shows.
    e.emulator.faults.inject({ endpoint: 'status', kind: 'http503', count: 4 });
    await append(4);
    // An invalidated channel: recovery reopens and replays (warn + info log lines).
    e.emulator.faults.inject({ endpoint: 'append', kind: 'invalidateChannel', count: 1 });
    await append(4);
    // A channel that fails for good: two 401s in a row on its append (error log line).
    const doomed = (await e.client.openChannel({ name: 'doomed' })).channel;
    e.emulator.faults.inject({ endpoint: 'append', kind: 'http401', count: 2, channel: 'doomed' });
    await doomed.appendRows(idRows('d', 0, 2), '0', '1');
    doomed.initiateFlush();
    const failure = await doomed.waitForFlush().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeDefined();
    await append(4);
    // close() may surface the doomed channel's failure again: scanned below like any error.
    const closeError = await e.client.close({ waitForCommit: false }).then(
      () => undefined,
      (error: unknown) => error,
    );

    // What was in play on the wire: the key-pair JWT(s) and at least three scoped tokens
    // (initial + the revocation + the 401 fault + the doomed channel's first 401).
    const issued = [...e.wire.issuedTokens].filter((t) => t.split('.').length === 3);
    expect(new Set(issued).size).toBeGreaterThanOrEqual(3);
    const sent = [...e.wire.sentTokens];
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const t of issued) expect(sent).toContain(t); // every issued token was used
    expect(sent.some((t) => !e.wire.issuedTokens.has(t))).toBe(true); // plus the key-pair JWT

    // Labelled so a failure names the secret without printing it.
    const needles = new Map<string, string>();
    const add = (label: string, values: string[]): void =>
      values.forEach((v, i) => {
        if (!needles.has(v)) needles.set(v, `${label} #${i}`);
      });
    add('passphrase', [PASSPHRASE]);
    add('encrypted key PEM', pemNeedles(ENCRYPTED_PRIVATE_KEY_PEM));
    add('decrypted key PEM', pemNeedles(PLAIN_PRIVATE_KEY_PEM));
    add('issued token', [...e.wire.issuedTokens].flatMap(tokenNeedles));
    add('sent token', [...e.wire.sentTokens].flatMap(tokenNeedles));
    expect(needles.size).toBeGreaterThan(200);

    // The haystacks, each checked to hold real output so the scan cannot pass vacuously.
    const spans = e.spans();
    const metrics = await e.collect();
    const points = metrics.scopeMetrics.flatMap((s) =>
      s.metrics.flatMap((m) => m.dataPoints.length),
    );
    expect(spans.length).toBeGreaterThanOrEqual(40);
    expect(points.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(10);
    expect(e.logLines.length).toBeGreaterThanOrEqual(5);
    expect(e.logLines.some((l) => l.startsWith('error '))).toBe(true);
    expect(e.logLines.some((l) => l.startsWith('warn '))).toBe(true);
    const names = new Set(spans.map((s) => s.name));
    for (const name of [
      'snowpipe.append_batch',
      'snowpipe.exchange_token',
      SPAN.tokenRefresh,
      'POST',
      'PUT',
    ])
      expect(names).toContain(name);
    const events = new Set(spans.flatMap((s) => s.events.map((ev) => ev.name)));
    expect(events).toContain(EVENT.retry);
    expect(events).toContain(EVENT.retryGiveUp);
    const forced = spans.filter(
      (s) =>
        s.name === SPAN.tokenRefresh && s.attributes['snowpipe.token.refresh_reason'] === 'forced',
    );
    expect(forced.length).toBeGreaterThanOrEqual(2);
    expect(spans.some((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true); // scanned too

    const haystacks: Array<{ where: string; text: string }> = [
      ...spans.map((s, i) => ({ where: `span #${i} ${s.name}`, text: spanText(s) })),
      ...metrics.scopeMetrics.flatMap((s) =>
        s.metrics.map((m) => ({ where: `metric ${m.descriptor.name}`, text: JSON.stringify(m) })),
      ),
      { where: 'metric resource', text: JSON.stringify(metrics.resource.attributes) },
      ...e.logLines.map((l, i) => ({ where: `log line #${i}`, text: l })),
      { where: 'the doomed channel error', text: inspect(failure, { depth: 10 }) },
      { where: 'the close error', text: inspect(closeError, { depth: 10 }) },
    ];
    const leaks: string[] = [];
    for (const { where, text } of haystacks)
      for (const hay of variants(text))
        for (const [needle, label] of needles)
          if (hay.includes(needle)) leaks.push(`${where} contains ${label}`);
    expect([...new Set(leaks)]).toEqual([]);
  });
});
