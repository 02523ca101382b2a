// The words the shell-block check knows: pnpm's own commands and flags, flags that name files,
// and commands that run outside the repository.
// pnpm commands that are not scripts (`pnpm test` is, and so is anything unknown).
export const PNPM_BUILTINS = new Set([
  'install',
  'i',
  'add',
  'remove',
  'rm',
  'update',
  'up',
  'exec',
  'dlx',
  'publish',
  'pack',
  'why',
  'list',
  'ls',
  'outdated',
  'audit',
  'rebuild',
  'link',
  'unlink',
  'prune',
  'store',
  'create',
  'init',
  'deploy',
  'fetch',
  'licenses',
  'env',
  'setup',
  'patch',
]);
export const PNPM_VALUE_FLAGS = new Set([
  '--filter',
  '-F',
  '--dir',
  '-C',
  '--workspace-concurrency',
  '--reporter',
]);
// Options whose value is a file the command reads.
export const FILE_FLAGS = new Set([
  '--public-key',
  '--profile',
  '--config',
  '-c',
  '-p',
  '--project',
  '-in',
  '--env-file',
]);
// Options whose value is a file the command writes (later commands may read it).
export const OUTPUT_FLAGS = new Set([
  '-out',
  '-o',
  '--out',
  '--output',
  '--write-profile',
  '--write-env',
]);
// Commands whose plain arguments are files that must exist.
export const FILE_COMMANDS = new Set(['node', 'bash', 'sh', 'cat', 'source', '.']);
// Commands that reach outside the repository (a registry, the network) or write files: their
// arguments are not paths of the repository.
export const EXTERNAL_COMMANDS = new Set([
  'npm',
  'curl',
  'git',
  'echo',
  'export',
  'kill',
  'wait',
  'sleep',
  'mkdir',
  'openssl',
]);
