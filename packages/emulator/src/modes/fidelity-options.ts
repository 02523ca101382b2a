/**
 * Behaviours of the real service that clients have reported and that a default emulator does
 * not show (see docs/wire-protocol.md for the sources). All off by default.
 */
export interface FidelityOptions {
  /**
   * A pipe answers open-channel with `ERR_GENERAL_EXCEPTION_RETRY_REQUEST` for a while after its
   * first use, as the service does while no node owns the pipe yet (reported as 503 on a live
   * account). Counted per pipe from its first open request. @default undefined (off)
   */
  openRetry?: OpenRetryOptions;
  /**
   * The pipe's transformation filters out every n-th valid row of a channel (counting across
   * appends, starting with the n-th): filtered rows are neither inserted nor counted in
   * `rows_parsed`, so `rows_parsed` ends below the rows sent. @default undefined (off)
   */
  filterEveryNthRow?: number;
  /**
   * `normalised`: path names resolve with Snowflake's identifier rules (unquoted upper-cased,
   * double-quoted kept). `exact`: object names are stored by those rules but matched
   * case-sensitively against the path, as the REST paths are reported to be: an unquoted
   * `mydb` in the path does not find `MYDB`; `"MyDb"` (quotes sent) or `MyDb` finds `MyDb`.
   * @default 'normalised'
   */
  pathCase?: 'normalised' | 'exact';
  /**
   * The next `count` appends (to any named channel) are answered 200 with this non-zero
   * `status_code` and the continuation token the request carried: the rows are not taken.
   * @default undefined (off)
   */
  appendStatusCode?: AppendStatusCodeOptions;
  /**
   * Successful append replies carry an `x-snowflake-session` header (a new value each time), as
   * the service uses for stickiness; Snowflake's official SDK echoes the latest value on the
   * channel's next append (observed here, and Openflow does the same). @default false
   */
  appendSessionHeader?: boolean;
  /**
   * Bulk-status replies leave this channel out, as the service is reported to do for a channel it
   * has no status for yet. @default undefined (off)
   */
  statusOmits?: StatusOmitOptions;
}

/** See {@link FidelityOptions.statusOmits}. */
export interface StatusOmitOptions {
  /** Channel name (resolved like the service does: unquoted names upper-case). */
  channel: string;
  /** How many bulk-status replies omit it. @default every one */
  count?: number;
}

/** See {@link FidelityOptions.openRetry}. */
export interface OpenRetryOptions {
  /** Open requests per pipe that fail before one succeeds. @default 1 */
  failures?: number;
  /** Also fail every open within this many ms of the pipe's first open. @default 0 */
  durationMs?: number;
  /** HTTP status of the failure (both are reported). @default 503 */
  status?: 500 | 503;
}

/** See {@link FidelityOptions.appendStatusCode}. */
export interface AppendStatusCodeOptions {
  /** The non-zero `status_code` to answer. */
  statusCode: number;
  /** How many appends get it. @default 1 */
  count?: number;
  /** The reply's `message`. @default 'The rowset was rejected' */
  message?: string;
}
