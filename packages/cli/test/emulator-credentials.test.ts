import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { startEmulator } from '@snowpipe/emulator';
import type { Emulator } from '@snowpipe/emulator';
import { createClient, loadConfigFromEnv } from '@snowpipe/streaming-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runSnowpipe } from './harness.js';

const target = { clientName: 'creds-test', dbName: 'DB', schemaName: 'PUBLIC', tableName: 'T' };

async function streamThree(
  client: Awaited<ReturnType<typeof createClient>>,
  name: string,
): Promise<void> {
  const { channel } = await client.openChannel({ name });
  await channel.appendRows([{ i: 1 }, { i: 2 }, { i: 3 }], '1', '3');
  await channel.waitForCommit('3', { timeoutMs: 10_000 });
  await client.close();
}

describe('credentials written by the emulator drive a real client', { timeout: 60_000 }, () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ retainRows: true });
    dir = mkdtempSync(join(tmpdir(), 'snowpipe-creds-'));
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('a client built from the written profile.json streams rows', async () => {
    const profilePath = join(dir, 'profile.json');
    await emulator.createCredentials().writeProfile(profilePath);
    await streamThree(await createClient({ ...target, profilePath }), 'FROM_PROFILE');
    expect(emulator.ledger.channel('DB', 'PUBLIC', 'T-STREAMING', 'FROM_PROFILE')?.rows).toEqual([
      { i: 1 },
      { i: 2 },
      { i: 3 },
    ]);
  });

  it('a client built from the written env lines through loadConfigFromEnv streams rows', async () => {
    const envPath = join(dir, 'emulator.env');
    await emulator.createCredentials().writeEnvFile(envPath);
    const env = parseEnv(readFileSync(envPath, 'utf8'));
    await streamThree(await createClient({ ...loadConfigFromEnv(env), ...target }), 'FROM_ENV');
    expect(emulator.ledger.channel('DB', 'PUBLIC', 'T-STREAMING', 'FROM_ENV')?.rows).toHaveLength(
      3,
    );
  });
});

describe('snowpipe emulator (real process)', { timeout: 60_000 }, () => {
  it('writes a profile and env lines that `snowpipe ingest`, `status` and `channels drop` use, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-emu-cmd-'));
    const profile = join(dir, 'p.json');
    const envFile = join(dir, 'e.env');
    const emu = runSnowpipe(
      ['emulator', '--write-profile', profile, '--write-env', envFile, '--retain-rows', '100'],
      { timeoutMs: 60_000 },
    );
    const url = await new Promise<string>((resolve, reject) => {
      emu.child.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)\n(?:.|\n)*ledger:/.exec(emu.stdout());
        if (m) resolve(m[1]!);
      });
      void emu.exited.then(() => reject(new Error(emu.stderr())));
    });
    expect(emu.stdout()).toContain(
      `profile written to ${profile}, SNOWFLAKE_* lines to ${envFile}`,
    );
    const ingest = runSnowpipe(
      ['ingest', '-', '--profile', profile, '--table', 'DB.PUBLIC.T', '--channel', 'C', '-q'],
      {
        input: '{"i":1}\n{"i":2}\n',
      },
    );
    expect(await ingest.exited).toBe(0);
    const ledger = (await (await fetch(`${url}/_emulator/ledger`)).json()) as {
      channels: Array<{ channel: string; rows: unknown[] }>;
    };
    expect(ledger.channels.find((c) => c.channel === 'C')?.rows).toEqual([{ i: 1 }, { i: 2 }]);
    const status = runSnowpipe([
      'status',
      '--profile',
      profile,
      '--table',
      'DB.PUBLIC.T',
      '--channel',
      'C',
      '--channel',
      'NOPE',
    ]);
    expect(await status.exited).toBe(0);
    expect(status.stdout()).toMatch(
      /^CHANNEL\s+STATUS\s+COMMITTED TOKEN\s+ROWS INSERTED\s+ROWS ERRORED\s+LAST ERROR\n/,
    );
    expect(status.stdout()).toMatch(/\nC\s+SUCCESS\s+2\s+2\s+0\n/);
    expect(status.stdout()).toMatch(/\nNOPE\s+\(no such channel\)/);
    const conn = ['--profile', profile, '--table', 'DB.PUBLIC.T'];
    const unconfirmed = runSnowpipe(['channels', 'drop', 'C', ...conn]);
    expect(await unconfirmed.exited).toBe(4);
    expect(unconfirmed.stderr()).toMatch(/not a terminal, so nobody can confirm; add --yes/);
    const dropped = runSnowpipe(['channels', 'drop', 'C', ...conn, '--yes']);
    expect(await dropped.exited).toBe(0);
    const after = runSnowpipe(['status', ...conn, '--channel', 'C', '--json']);
    expect(await after.exited).toBe(0);
    expect(JSON.parse(after.stdout())).toEqual([{ channel: 'C', exists: false }]);
    emu.child.kill('SIGTERM');
    expect(await emu.exited).toBe(0);
  });
});

describe('snowpipe emulator --schema', () => {
  it('checks rows against the tables in the file: a row that does not fit is counted as an error, not committed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-emu-schema-'));
    const profile = join(dir, 'p.json');
    const schema = join(dir, 'schema.json');
    writeFileSync(
      schema,
      JSON.stringify([{ table: 'T', columns: [{ name: 'I', type: 'NUMBER(38,0)' }] }]),
    );
    const emu = runSnowpipe(
      ['emulator', '--write-profile', profile, '--schema', schema, '--retain-rows', '10'],
      {
        timeoutMs: 60_000,
      },
    );
    const url = await new Promise<string>((resolve, reject) => {
      emu.child.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)\n(?:.|\n)*ledger:/.exec(emu.stdout());
        if (m) resolve(m[1]!);
      });
      void emu.exited.then(() => reject(new Error(emu.stderr())));
    });
    const ingest = runSnowpipe(
      ['ingest', '-', '--profile', profile, '--table', 'DB.PUBLIC.T', '--channel', 'C', '-q'],
      { input: '{"i":1}\n{"i":"not a number"}\n{"i":3}\n' },
    );
    expect(await ingest.exited).toBe(0);
    const ledger = (await (await fetch(`${url}/_emulator/ledger`)).json()) as {
      channels: Array<{ channel: string; rows: unknown[] }>;
    };
    expect(ledger.channels.find((c) => c.channel === 'C')?.rows).toEqual([{ I: '1' }, { I: '3' }]); // NUMBER kept exact, as text
    const status = runSnowpipe([
      'status',
      '--profile',
      profile,
      '--table',
      'DB.PUBLIC.T',
      '--channel',
      'C',
      '--json',
    ]);
    expect(await status.exited).toBe(0);
    expect(status.stdout()).toMatch(/"rowsErrorCount":\s*1/);
    emu.child.kill('SIGTERM');
    expect(await emu.exited).toBe(0);
  });

  it('refuses a schema file that is not JSON with a one-line usage error (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowpipe-emu-schema-'));
    const schema = join(dir, 'schema.json');
    writeFileSync(schema, '{ not json');
    const emu = runSnowpipe(['emulator', '--schema', schema], { timeoutMs: 30_000 });
    expect(await emu.exited).toBe(2);
    expect(emu.stderr()).toContain(`--schema ${schema}`);
  });
});

describe('--connection NAME reads connections.toml', () => {
  it('ingests with a connection of SNOWFLAKE_HOME/connections.toml', async () => {
    const emulator = await startEmulator({ retainRows: true });
    try {
      const home = mkdtempSync(join(tmpdir(), 'snowpipe-conn-'));
      const { properties } = emulator.createCredentials();
      const url = new URL(properties.url);
      writeFileSync(join(home, 'rsa_key.p8'), properties.private_key);
      writeFileSync(
        join(home, 'connections.toml'),
        [
          '[emu]',
          `account = "${properties.account}"`,
          `user = "${properties.user}"`,
          `private_key_file = "${join(home, 'rsa_key.p8')}"`,
          `host = "${url.hostname}"`,
          `port = ${url.port}`,
          'protocol = "http"',
          '',
        ].join('\n'),
      );
      const args = ['ingest', '-', '--connection', 'emu', '--table', 'DB.PUBLIC.T', '-q'];
      const ingest = runSnowpipe([...args, '--channel', 'TOML'], {
        input: '{"i":1}\n{"i":2}\n',
        env: { SNOWFLAKE_HOME: home },
      });
      expect(await ingest.exited, ingest.stderr()).toBe(0);
      expect(emulator.ledger.channel('DB', 'PUBLIC', 'T-STREAMING', 'TOML')?.rows).toEqual([
        { i: 1 },
        { i: 2 },
      ]);
      const missing = runSnowpipe(
        [...args, '--channel', 'X'].map((a) => (a === 'emu' ? 'nope' : a)),
        {
          input: '{"i":1}\n',
          env: { SNOWFLAKE_HOME: home },
        },
      );
      expect(await missing.exited).toBe(2);
      expect(missing.stderr()).toMatch(/nope/);
    } finally {
      await emulator.stop();
    }
  });
});
