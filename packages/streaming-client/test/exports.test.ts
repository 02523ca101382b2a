import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import type {
  Channel,
  ChannelStatus,
  ClientOptions,
  StreamingIngestClient,
  Telemetry,
  Transport,
} from '../src/index.js';

describe('package entry', () => {
  it('exports the public names of the contract, and only named values', () => {
    expect(Object.keys(api).sort()).toEqual(
      [
        'AuthenticationError',
        'DEFAULT_CLIENT_OPTIONS',
        'ConfigurationError',
        'InvalidChannelError',
        'StreamingIngestError',
        'TransportError',
        'compareOffsetTokens',
        'createClient',
        'createFetchTransport',
        'isHealthyStatusCode',
        'isStreamingIngestError',
        'isTransportError',
        'isZstdAvailable',
        'loadConfigFromConnectionsToml',
        'logLevelFromEnv',
        'parseLogLevel',
        'withLogLevel',
        'consoleLogger',
        'pinoLogger',
        'winstonLogger',
        'loadConfigFromEnv',
        'noopTelemetry',
        'silentLogger',
      ].sort(),
    );
  });

  it('exposes the channel and client types with the official SDK method names', () => {
    const methods: Array<keyof Channel> = [
      'appendRow',
      'appendRows',
      'initiateFlush',
      'waitForFlush',
      'getLatestCommittedOffsetToken',
      'getChannelStatus',
      'waitForCommit',
      'close',
    ];
    const clientMethods: Array<keyof StreamingIngestClient> = [
      'openChannel',
      'getChannelStatuses',
      'dropChannel',
      'getElasticChannel',
      'close',
      'stats',
    ];
    const status: Pick<ChannelStatus, 'latestCommittedOffsetToken'> = {
      latestCommittedOffsetToken: null,
    };
    const options: Pick<ClientOptions, 'clientName'> = { clientName: 'x' };
    const ports: Array<Transport | Telemetry> = [api.noopTelemetry, api.createFetchTransport()];
    expect(methods).toHaveLength(8);
    expect(clientMethods).toHaveLength(6);
    expect(status.latestCommittedOffsetToken).toBeNull();
    expect(options.clientName).toBe('x');
    expect(ports).toHaveLength(2);
  });
});
