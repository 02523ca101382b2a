import type { Secret } from '../config/secret.js';
import type { ServiceRequest, ServiceResponse } from './service-types.js';

/** A {@link ServiceRequest} with the extra switches the auth flows need (not public). */
export interface InternalRequest extends ServiceRequest {
  /**
   * `plane`: the plane's bearer token and token-type header; `bearer-no-type`: the plane's bearer
   * without a token-type header (`/oauth/token`); `none`: no plane token. @default 'plane'
   */
  auth?: 'plane' | 'bearer-no-type' | 'none';
  /** Absolute URL used instead of the plane's base URL + `path` (OAuth token endpoint). */
  absoluteUrl?: string;
  /** `Authorization` value when `auth` is `none` (e.g. HTTP Basic client auth). */
  authorization?: Secret;
}

/** The request path as the auth flows see it. */
export type InternalSend = (req: InternalRequest) => Promise<ServiceResponse>;
