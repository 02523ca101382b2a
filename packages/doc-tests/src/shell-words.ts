/** One simple command of a shell line: its words, quotes removed, environment assignments dropped. */
export interface ShellCommand {
  readonly words: readonly string[];
  /** Files the line writes with `>` / `>>` (created, so later commands may use them). */
  readonly redirects: readonly string[];
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&']);

/**
 * Splits the text of an `sh` block into simple commands. Enough of the POSIX grammar for
 * documentation: comments, `\` line continuations, single and double quotes, `&&`, `||`, `;`,
 * `|` and output redirections. Anything fancier (subshells, `$(…)`) is kept as plain words.
 */
export function splitShellCommands(script: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let words: string[] = [];
  let redirects: string[] = [];
  let redirectNext = false;
  const endCommand = (): void => {
    const start = words.findIndex((w) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
    const kept = start < 0 ? [] : words.slice(start);
    if (kept.length > 0 || redirects.length > 0) commands.push({ words: kept, redirects });
    words = [];
    redirects = [];
  };
  const pushWord = (word: string): void => {
    if (redirectNext) {
      redirects.push(word);
      redirectNext = false;
    } else words.push(word);
  };
  for (const token of tokenize(script.replace(/\\\r?\n/g, ' '))) {
    if (token.kind === 'newline' || (token.kind === 'op' && OPERATORS.has(token.text)))
      endCommand();
    else if (token.kind === 'op') redirectNext = token.text.startsWith('>');
    else pushWord(token.text);
  }
  endCommand();
  return commands;
}

type Token = { kind: 'word' | 'op' | 'newline'; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === '\n') {
      tokens.push({ kind: 'newline', text: c });
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ('&|;><'.includes(c)) {
      const two = text.slice(i, i + 2);
      const op = ['&&', '||', '>>', '2>', '&>'].includes(two) ? two : c;
      tokens.push({ kind: 'op', text: op === '2>' || op === '&>' ? '>' : op });
      i += op.length;
    } else {
      let word = '';
      while (i < text.length && !' \t\r\n&|;><'.includes(text[i] ?? '')) {
        const q = text[i] ?? '';
        if (q === "'" || q === '"') {
          const end = text.indexOf(q, i + 1);
          const stop = end < 0 ? text.length : end;
          word += text.slice(i + 1, stop);
          i = stop + 1;
        } else {
          word += q;
          i++;
        }
      }
      tokens.push({ kind: 'word', text: word });
    }
  }
  return tokens;
}
