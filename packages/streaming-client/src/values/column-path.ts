/** One step from a row into a value: a property name or an array index. */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Formats the path of a value inside a row the way it would be written in JavaScript, starting
 * with the column: `payload.items[2].blob`, `tags[0]`, `payload["odd key"]`.
 */
export function formatColumnPath(path: readonly PathSegment[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (i === 0) out += segment;
    else out += IDENTIFIER.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
  }
  return out;
}
