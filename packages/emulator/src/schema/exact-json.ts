/** A JSON number as written on the wire (its exact digits), so NUMBER(38,0) values stay exact. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A JSON value as {@link parseExactJson} returns it: numbers kept as {@link JsonNumber}. */
export type ExactJson =
  null | boolean | string | JsonNumber | ExactJson[] | { [key: string]: ExactJson };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\r\n]*/y;

/**
 * Parses one JSON text (RFC 8259) like `JSON.parse`, except that numbers keep their literal text
 * (Node 20's `JSON.parse` has no access to it and rounds integers beyond 2^53). Returns
 * undefined when the text is not valid JSON.
 */
export function parseExactJson(text: string): ExactJson | undefined {
  const state = { text, pos: 0 };
  try {
    skip(state);
    const value = readValue(state);
    skip(state);
    return state.pos === text.length ? value : undefined;
  } catch {
    return undefined;
  }
}

interface State {
  readonly text: string;
  pos: number;
}

function skip(s: State): void {
  WS.lastIndex = s.pos;
  WS.exec(s.text);
  s.pos = WS.lastIndex;
}

function fail(): never {
  throw new SyntaxError('invalid JSON');
}

function readValue(s: State): ExactJson {
  const c = s.text[s.pos];
  if (c === '{') return readObject(s);
  if (c === '[') return readArray(s);
  if (c === '"') return readString(s);
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (s.text.startsWith(word, s.pos)) {
      s.pos += word.length;
      return value;
    }
  }
  NUMBER.lastIndex = s.pos;
  const m = NUMBER.exec(s.text);
  if (!m) fail();
  s.pos = NUMBER.lastIndex;
  return new JsonNumber(m[0]);
}

function readString(s: State): string {
  // Find the closing quote, then let JSON.parse do the unescaping (and its checks).
  let i = s.pos + 1;
  for (;;) {
    const c = s.text.charCodeAt(i);
    if (Number.isNaN(c)) fail();
    if (c === 0x22) break;
    i += c === 0x5c ? 2 : 1;
  }
  const value = JSON.parse(s.text.slice(s.pos, i + 1)) as string;
  s.pos = i + 1;
  return value;
}

function readArray(s: State): ExactJson[] {
  s.pos++;
  const out: ExactJson[] = [];
  skip(s);
  if (s.text[s.pos] === ']') {
    s.pos++;
    return out;
  }
  for (;;) {
    skip(s);
    out.push(readValue(s));
    skip(s);
    const c = s.text[s.pos++];
    if (c === ']') return out;
    if (c !== ',') fail();
  }
}

function readObject(s: State): { [key: string]: ExactJson } {
  s.pos++;
  const out: { [key: string]: ExactJson } = {};
  skip(s);
  if (s.text[s.pos] === '}') {
    s.pos++;
    return out;
  }
  for (;;) {
    skip(s);
    if (s.text[s.pos] !== '"') fail();
    const key = readString(s);
    skip(s);
    if (s.text[s.pos++] !== ':') fail();
    skip(s);
    const value = readValue(s);
    // Like JSON.parse, the last duplicate wins; defineProperty keeps "__proto__" an own key.
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    skip(s);
    const c = s.text[s.pos++];
    if (c === '}') return out;
    if (c !== ',') fail();
  }
}
