import { describe, expect, it } from 'vitest';
import { InvalidChannelError } from '../errors/invalid-channel-error.js';
import { createHarness } from '../../test/support/channel-harness.js';
import type { ChannelRequest } from './channel-connection.js';
import { sendOpenChannel } from './open-channel-request.js';

function answering(body: unknown) {
  const h = createHarness();
  const sent: ChannelRequest[] = [];
  const text = JSON.stringify(body);
  const ctx = {
    ...h.ctx,
    connection: {
      send: async (req: ChannelRequest) => {
        sent.push(req);
        return { status: 200, body: text, json: <T>() => JSON.parse(text) as T };
      },
    },
  };
  return { ctx, sent };
}

describe('sendOpenChannel', () => {
  it('PUTs the channel with offset_token and fail_on_uncommitted_rows and parses the status', async () => {
    const { ctx, sent } = answering({
      next_continuation_token: '3_0',
      channel_status: {
        channel_name: 'ch',
        channel_status_code: 'SUCCESS',
        last_committed_offset_token: '41',
        rows_parsed: 7,
      },
    });
    const opened = await sendOpenChannel(ctx, 'ch', {
      offsetToken: '41',
      failOnUncommittedRows: true,
    });
    expect(sent[0]).toMatchObject({
      method: 'PUT',
      plane: 'ingest',
      path: '/v2/streaming/databases/DB/schemas/SC/pipes/P/channels/ch',
      contentType: 'application/json',
    });
    expect(JSON.parse(sent[0]!.body as string)).toEqual({
      offset_token: '41',
      fail_on_uncommitted_rows: true,
    });
    expect(opened).toMatchObject({
      continuationToken: '3_0',
      status: { latestCommittedOffsetToken: '41', rowsParsedCount: 7 },
    });
  });

  it('sends an empty object when no option is given and accepts ACTIVE as healthy', async () => {
    const { ctx, sent } = answering({
      next_continuation_token: 't',
      channel_status: { channel_status_code: 'ACTIVE' },
    });
    await expect(sendOpenChannel(ctx, 'ch', {})).resolves.toMatchObject({
      status: { statusCode: 'ACTIVE' },
    });
    expect(sent[0]!.body).toBe('{}');
  });

  it('treats a 200 whose status is not SUCCESS as an InvalidChannelError', async () => {
    const { ctx } = answering({
      next_continuation_token: 't',
      channel_status: { channel_status_code: 'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED' },
    });
    const error = await sendOpenChannel(ctx, 'ch', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidChannelError);
    expect(error).toMatchObject({
      code: 'ERR_PIPE_DOES_NOT_EXIST_OR_NOT_AUTHORIZED',
      channelName: 'ch',
    });
  });

  it('fails with INVALID_RESPONSE when the continuation token is missing', async () => {
    const { ctx } = answering({ channel_status: { channel_status_code: 'SUCCESS' } });
    await expect(sendOpenChannel(ctx, 'ch', {})).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });
});
