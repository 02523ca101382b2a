import { randomUUID } from 'node:crypto';
import { encodedToBuffer, encodeRows } from '../channel/encode-rows.js';
import { silentLogger } from '../config/logger.js';
import { elasticPipePath, elasticTablePath } from '../http/paths.js';
import { noopTelemetry } from '../telemetry/telemetry.js';
import { buildElasticChunks } from './elastic-chunks.js';
import type { ElasticChunk } from './elastic-chunks.js';
import type {
  ElasticAppendFailure,
  ElasticAppendResult,
  ElasticChannel,
  ElasticChannelOptions,
  ElasticRequestResult,
} from './elastic-types.js';

/**
 * Creates the Elastic channel of a client: the table form
 * (`…/tables/{table}/rows`) when the client was made with `tableName`, else `…/pipes/{pipe}/channels/ELASTIC/rows`.
 * @example
 * const elastic = createElasticChannel({ connection, config });
 * const { requestId, retryCount } = await elastic.appendRowsWithWait([{ id: 1 }]);
 */
export function createElasticChannel(options: ElasticChannelOptions): ElasticChannel {
  const { connection, config } = options;
  const telemetry = options.telemetry ?? noopTelemetry;
  const logger = options.logger ?? silentLogger;
  const path =
    config.table !== undefined
      ? elasticTablePath(config.database, config.schema, config.table)
      : elasticPipePath(config.database, config.schema, config.pipe);
  let onSuccess: ((result: ElasticAppendResult) => void) | undefined;
  let onError: ((failure: ElasticAppendFailure) => void) | undefined;
  const inFlight = new Set<Promise<void>>();

  async function sendChunk(chunk: ElasticChunk): Promise<ElasticRequestResult> {
    const requestId = randomUUID();
    let attempt = 1;
    const scope = telemetry.startOperation('snowpipe.elastic_append', {
      'snowpipe.pipe': config.pipe,
      'snowpipe.rows': chunk.rowCount,
      'snowpipe.bytes': chunk.body.byteLength,
    });
    try {
      const res = await scope.run(() =>
        connection.send({
          operation: 'elastic_append',
          plane: 'ingest',
          method: 'POST',
          path,
          requestId,
          query: (n) => {
            attempt = n;
            return { retryCount: String(n - 1) };
          },
          body: chunk.body,
          contentType: 'application/x-ndjson',
          ...(chunk.encoding !== undefined
            ? {
                contentEncoding: chunk.encoding,
                headers: {
                  'x-snowflake-uncompressed-content-length': String(chunk.uncompressedBytes),
                },
              }
            : {}),
          scope,
        }),
      );
      telemetry.metrics?.rowsAppended(chunk.rowCount, chunk.uncompressedBytes, {
        'snowpipe.channel': 'ELASTIC',
      });
      scope.setAttributes({ 'snowpipe.retry_count': res.attempts - 1 });
      scope.end();
      return { requestId, retryCount: res.attempts - 1, rowCount: chunk.rowCount };
    } catch (error) {
      scope.end(error);
      throw Object.assign(new ChunkFailure(error), {
        requestId,
        retryCount: attempt - 1,
        rowCount: chunk.rowCount,
      });
    }
  }

  function prepare(rows: readonly unknown[]): Promise<ElasticChunk[]> {
    const encoded = encodeRows(rows, config.maxRequestBytes, config.binaryInputFormat);
    return buildElasticChunks(encodedToBuffer(encoded), encoded.rows, {
      maxBatchBytes: config.maxBatchBytes,
      maxRequestBytes: config.maxRequestBytes,
      compression: config.compression,
      compressionLevel: config.compressionLevel,
    });
  }

  async function run(
    chunksPromise: Promise<ElasticChunk[]>,
    appendToken: string | null,
  ): Promise<ElasticAppendResult> {
    const chunks = await chunksPromise;
    const requests: ElasticRequestResult[] = [];
    for (const chunk of chunks) {
      try {
        requests.push(await sendChunk(chunk));
      } catch (error) {
        if (error instanceof ChunkFailure) {
          throw Object.assign(error, { appendToken, acknowledged: requests });
        }
        throw error;
      }
    }
    const first = requests[0];
    return {
      requestId: first?.requestId ?? '',
      retryCount: requests.reduce((sum, r) => sum + r.retryCount, 0),
      rowCount: requests.reduce((sum, r) => sum + r.rowCount, 0),
      requests,
      appendToken,
    };
  }

  async function withWait(
    rows: readonly unknown[],
    appendToken: string | null,
  ): Promise<ElasticAppendResult> {
    try {
      return await run(prepare(rows), appendToken);
    } catch (error) {
      throw error instanceof ChunkFailure ? error.error : error;
    }
  }

  function fireAndForget(rows: readonly unknown[], appendToken: string | null): void {
    // Encoding is synchronous, so a bad row throws to the caller right here.
    const chunks = prepare(rows);
    const task = run(chunks, appendToken).then(
      (result) => {
        if (onSuccess) onSuccess(result);
      },
      (error: unknown) => {
        const failure: ElasticAppendFailure =
          error instanceof ChunkFailure
            ? {
                requestId: error.requestId,
                retryCount: error.retryCount,
                rowCount: error.rowCount,
                appendToken,
                error: error.error,
                acknowledged: error.acknowledged,
              }
            : {
                requestId: '',
                retryCount: 0,
                rowCount: rows.length,
                appendToken,
                error,
                acknowledged: [],
              };
        if (onError) onError(failure);
        else
          logger.error?.('elastic append failed and no error handler is set', {
            requestId: failure.requestId,
          });
      },
    );
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  }

  const settle = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  };

  return {
    name: 'ELASTIC',
    appendRow: (row, appendToken = null) => fireAndForget([row], appendToken),
    appendRows: (rows, appendToken = null) => fireAndForget(rows, appendToken),
    appendRowWithWait: (row, appendToken = null) => withWait([row], appendToken),
    appendRowsWithWait: (rows, appendToken = null) => withWait(rows, appendToken),
    setSuccessHandler(handler) {
      onSuccess = handler;
    },
    setErrorHandler(handler) {
      onError = handler;
    },
    initiateFlush: settle,
    waitForFlush: settle,
  };
}

/** Carries a chunk's identity with its error inside this module (never escapes it). */
class ChunkFailure extends Error {
  requestId = '';
  retryCount = 0;
  rowCount = 0;
  appendToken: string | null = null;
  acknowledged: ElasticRequestResult[] = [];
  constructor(readonly error: unknown) {
    super('elastic request failed', { cause: error });
  }
}
