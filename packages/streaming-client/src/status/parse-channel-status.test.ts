import { describe, expect, it } from 'vitest';
import { isHealthyStatusCode } from './healthy-status.js';
import { parseChannelStatus } from './parse-channel-status.js';

const NOW = 1_760_000_100_000;

describe('parseChannelStatus', () => {
  it('projects the documented open-response shape', () => {
    expect(
      parseChannelStatus(
        {
          database_name: 'DB',
          schema_name: 'S',
          pipe_name: 'T-STREAMING',
          channel_name: 'ch',
          channel_status_code: 'SUCCESS',
          last_committed_offset_token: '42',
          created_on_ms: 1_760_000_000_000,
          rows_inserted: 10,
          rows_parsed: 11,
          rows_error_count: 1,
          last_error_offset_upper_bound: '41',
          last_error_message: 'bad row',
          last_error_timestamp: 1_760_000_050_000,
          snowflake_avg_processing_latency_ms: 120,
        },
        NOW,
      ),
    ).toEqual({
      channelName: 'ch',
      databaseName: 'DB',
      schemaName: 'S',
      pipeName: 'T-STREAMING',
      statusCode: 'SUCCESS',
      latestCommittedOffsetToken: '42',
      createdOn: new Date(1_760_000_000_000),
      rowsInsertedCount: 10,
      rowsParsedCount: 11,
      rowsErrorCount: 1,
      lastErrorOffsetTokenUpperBound: '41',
      lastErrorMessage: 'bad row',
      lastErrorTimestamp: new Date(1_760_000_050_000),
      serverAvgProcessingLatencyMs: 120,
      lastRefreshedOn: new Date(NOW),
    });
  });

  it('tolerates the §8 variants: rows_errors, ISO timestamps, seconds, missing fields', () => {
    const s = parseChannelStatus(
      {
        channel_status_code: 'ACTIVE',
        rows_errors: 3,
        last_error_timestamp: '2025-10-09T08:53:20Z',
        created_on_ms: 1_760_000_000,
      },
      NOW,
      'fallback',
    );
    expect(s).toMatchObject({
      channelName: 'fallback',
      statusCode: 'ACTIVE',
      rowsErrorCount: 3,
      rowsInsertedCount: 0,
      latestCommittedOffsetToken: null,
      lastErrorTimestamp: new Date('2025-10-09T08:53:20Z'),
      createdOn: new Date(1_760_000_000_000),
      serverAvgProcessingLatencyMs: null,
    });
    expect(parseChannelStatus({ rows_error_count: 0, rows_errors: 9 }, NOW).rowsErrorCount).toBe(0);
    expect(parseChannelStatus({}, NOW)).not.toHaveProperty('createdOn');
  });

  it('refuses a non-object with INVALID_RESPONSE', () => {
    for (const raw of [null, 'x', [1]]) {
      expect(() => parseChannelStatus(raw, NOW)).toThrow(
        expect.objectContaining({ code: 'INVALID_RESPONSE' }),
      );
    }
  });

  it('isHealthyStatusCode accepts SUCCESS and ACTIVE only', () => {
    expect(
      ['SUCCESS', 'ACTIVE', 'OPEN', 'ERR_CHANNEL_MUST_BE_REOPENED', null, undefined].map(
        isHealthyStatusCode,
      ),
    ).toEqual([true, true, false, false, false, false]);
  });
});
