/** `SUCCESS` (what the service sends) and `ACTIVE` (docs example) mean a healthy channel. */
export function isHealthyStatusCode(code: string | null | undefined): boolean {
  return code === 'SUCCESS' || code === 'ACTIVE';
}
