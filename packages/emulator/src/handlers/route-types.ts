// What the router hands the handlers: kept below http/ so handlers never import upwards.
/** Names taken from the path: `sent` as decoded, `resolved` with identifier rules applied. */
export interface ObjectPath {
  database: string;
  schema: string;
  pipe: string;
  /** Channel name as sent (decoded); for the table form of Elastic this is `ELASTIC`. */
  channelSent?: string;
  channel?: string;
  /** Set for the Elastic table form (`.../tables/{table}/rows`). */
  table?: string;
}

/** Admin routes under `/_emulator`. */
export type AdminRoute = 'ledger' | 'faults' | 'keys' | 'health' | 'reset';
