import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { CodeBlock } from './markdown-document.js';
import { splitShellCommands, type ShellCommand } from './shell-words.js';
import type { WorkspacePackage } from './workspace-packages.js';
import {
  EXTERNAL_COMMANDS,
  FILE_COMMANDS,
  FILE_FLAGS,
  OUTPUT_FLAGS,
  PNPM_BUILTINS,
  PNPM_VALUE_FLAGS,
} from './shell-vocabulary.js';

/** Languages whose blocks are checked as shell commands. */
export const SHELL_LANGS: ReadonlySet<string> = new Set(['sh', 'bash', 'shell']);

/** Something an `sh` block names that does not exist. */
export interface ShellProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Checks that every command of an `sh` block works as written from the repository root (after
 * the block's own `cd`): `pnpm` scripts exist in the package they run in, `--filter` names a
 * workspace package, `npx` binaries are installed, and files and folders it reads exist. A file
 * under a package's `dist/` counts when its source under `src/` exists and the package has a
 * `build` script (the block must then say to build it, which the script check covers).
 */
export function checkShellBlock(
  block: CodeBlock,
  root: string,
  packages: readonly WorkspacePackage[],
): ShellProblem[] {
  const problems: ShellProblem[] = [];
  const created = new Set<string>();
  let cwd = root;
  const report = (message: string): void => {
    problems.push({ file: block.file, line: block.line, message });
  };
  const where = (): string => relative(root, cwd) || 'the repository root';
  const checkPath = (path: string, what: string): void => {
    const full = resolve(cwd, path);
    if (created.has(full) || pathExists(full, packages)) return;
    report(`${what} ${path} does not exist (from ${where()})`);
  };
  for (const command of splitShellCommands(block.code)) {
    const [name = '', ...args] = command.words;
    if (name === 'cd') {
      const target = args[0] ?? '~';
      const full = resolve(cwd, target);
      if (!isInside(root, full)) report(`cd ${target} leaves the repository`);
      else if (!existsSync(full)) report(`folder ${target} does not exist (from ${where()})`);
      cwd = full;
    } else if (name === 'pnpm') {
      // The Quick start fetches pnpm through npx; only a consumer's own install may assume it.
      if (!['add', 'install', 'i'].includes(args[0] ?? '')) {
        report(
          `pnpm ${args[0] ?? ''}: pnpm is not installed by the Quick start; write npx -y ${pinnedPnpm(root)} ${args.join(' ')}`,
        );
      }
      problems.push(...checkPnpm(block, args, cwd, root, packages));
    } else if (name === 'npx') {
      const pnpmAt = args.findIndex((a) => /^pnpm@/.test(a));
      if (pnpmAt >= 0 && args[pnpmAt] !== pinnedPnpm(root)) {
        report(
          `npx ${args[pnpmAt] ?? ''}: the repository pins ${pinnedPnpm(root)} (packageManager in package.json)`,
        );
      }
      if (pnpmAt >= 0)
        problems.push(...checkPnpm(block, args.slice(pnpmAt + 1), cwd, root, packages));
      else if (!args.includes('-y') && !args.includes('--yes') && args[0] !== undefined) {
        if (!binExists(args[0], cwd, root))
          report(`npx ${args[0]}: no such binary installed (from ${where()})`);
        checkArgs(args.slice(1), false);
      }
    } else checkArgs(args, FILE_COMMANDS.has(name), EXTERNAL_COMMANDS.has(name));
    for (const out of outputs(command)) created.add(resolve(cwd, out));
  }
  return problems;

  function checkArgs(args: readonly string[], plainAreFiles: boolean, external = false): void {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (FILE_FLAGS.has(arg) && args[i + 1] !== undefined && !OUTPUT_FLAGS.has(arg)) {
        checkPath(args[++i] ?? '', 'file');
      } else if (OUTPUT_FLAGS.has(arg)) i++;
      else if (arg.startsWith('-') || arg.includes('$') || arg.includes('://')) continue;
      else if ((plainAreFiles && !isDataArg(arg)) || (!external && looksLikePath(arg))) {
        checkPath(arg, 'file');
        if (plainAreFiles) break; // the script's own arguments follow
      }
    }
  }
}

function checkPnpm(
  block: CodeBlock,
  args: readonly string[],
  cwd: string,
  root: string,
  packages: readonly WorkspacePackage[],
): ShellProblem[] {
  const filters: string[] = [];
  let dir = cwd;
  let command: string | undefined;
  let script: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--filter=')) filters.push(arg.slice('--filter='.length));
    else if (PNPM_VALUE_FLAGS.has(arg)) {
      const value = args[++i] ?? '';
      if (arg === '--filter' || arg === '-F') filters.push(value);
      if (arg === '--dir' || arg === '-C') dir = resolve(cwd, value);
    } else if (arg.startsWith('-')) continue;
    else if (command === undefined) command = arg;
    else if (command === 'run' && script === undefined) script = arg;
    else break;
  }
  const problem = (message: string): ShellProblem => ({
    file: block.file,
    line: block.line,
    message,
  });
  if (command === 'exec' && args[args.indexOf('exec') + 1] === 'turbo') {
    return checkTurbo(args.slice(args.indexOf('exec') + 2), packages).map(problem);
  }
  if (command === undefined || (PNPM_BUILTINS.has(command) && command !== 'run')) return [];
  const name = command === 'run' ? script : command;
  if (name === undefined) return [problem('pnpm run without a script name')];
  const targets =
    filters.length > 0
      ? filters.flatMap((f) => {
          const found = matchFilter(f, packages);
          return found.length > 0 ? found : [undefined];
        })
      : [nearestPackage(dir, root, packages)];
  return targets.flatMap((pkg, i): ShellProblem[] => {
    if (pkg === undefined) {
      return [problem(`pnpm --filter ${filters[i] ?? ''}: no workspace package matches`)];
    }
    const filter = filters[i] ?? '';
    if (pkg.scripts[name] !== undefined) {
      // In a fresh clone nothing is built: building one package alone fails to resolve its
      // workspace dependencies (TS2307), so the documented command must build them too.
      if (
        name === 'build' &&
        filter !== '' &&
        !filter.endsWith('...') &&
        pkg.workspaceDeps.length > 0
      ) {
        return [
          problem(
            `pnpm --filter ${filter} build: builds ${pkg.name} without ${pkg.workspaceDeps.join(', ')}, which a fresh clone has not built; use --filter ${filter}...`,
          ),
        ];
      }
      return [];
    }
    const label = pkg.name === '' ? 'the root package.json' : pkg.name;
    return [problem(`pnpm ${name}: no script "${name}" in ${label}`)];
  });
}

// `turbo run <task…> [--filter=<pkg>]`: each task must be a script of a matching package.
function checkTurbo(args: readonly string[], packages: readonly WorkspacePackage[]): string[] {
  const filters: string[] = [];
  const tasks: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg.startsWith('--filter=')) filters.push(arg.slice('--filter='.length));
    else if (arg === '--filter' || arg === '-F') filters.push(args[++i] ?? '');
    else if (!arg.startsWith('-') && arg !== 'run') tasks.push(arg);
  }
  const scope = filters.length > 0 ? filters.flatMap((f) => matchFilter(f, packages)) : packages;
  if (filters.length > 0 && scope.length === 0)
    return [`turbo --filter ${filters.join(' ')}: no workspace package matches`];
  return tasks
    .filter((task) => !scope.some((p) => p.scripts[task] !== undefined))
    .map(
      (task) =>
        `turbo run ${task}: no package${filters.length > 0 ? ` matching ${filters.join(' ')}` : ''} has a "${task}" script`,
    );
}

/** `pnpm@<version>` from the root package.json's `packageManager`. */
function pinnedPnpm(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    packageManager?: string;
  };
  return manifest.packageManager?.split('+')[0] ?? 'pnpm';
}

function matchFilter(filter: string, packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const name = filter.replace(/^\.\.\.|\^?\.\.\.$/g, '').replace(/^\^/, '');
  const pattern = new RegExp(
    `^${name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
  );
  return packages.filter((p) => p.name !== '' && pattern.test(p.name));
}

function nearestPackage(
  dir: string,
  root: string,
  packages: readonly WorkspacePackage[],
): WorkspacePackage | undefined {
  for (let d = dir; isInside(root, d); d = dirname(d)) {
    const found = packages.find((p) => resolve(p.dir) === resolve(d));
    if (found !== undefined) return found;
    if (d === dirname(d)) break;
  }
  return undefined;
}

function pathExists(full: string, packages: readonly WorkspacePackage[]): boolean {
  if (existsSync(full)) return true;
  // `<package>/dist/x.js` is built from `<package>/src/x.ts`.
  const pkg = packages.find((p) => full.startsWith(join(p.dir, 'dist') + '/'));
  if (pkg === undefined || pkg.scripts.build === undefined) return false;
  const source = join(pkg.dir, 'src', relative(join(pkg.dir, 'dist'), full)).replace(
    /\.(m?)js$/,
    '.$1ts',
  );
  return existsSync(source);
}

function binExists(bin: string, cwd: string, root: string): boolean {
  for (let d = cwd; isInside(root, d); d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '.bin', bin))) return true;
    if (d === dirname(d)) break;
  }
  return false;
}

function outputs(command: ShellCommand): string[] {
  const out = [...command.redirects];
  command.words.forEach((w, i) => {
    const next = command.words[i + 1];
    if (OUTPUT_FLAGS.has(w) && next !== undefined) out.push(next);
  });
  return out;
}

function looksLikePath(arg: string): boolean {
  return /^\.{1,2}\//.test(arg) || (/^[\w.@-]+(\/[\w.@-]+)+\/?$/.test(arg) && !arg.includes(':'));
}

function isDataArg(arg: string): boolean {
  return arg.startsWith('-e') || arg.startsWith('{');
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
