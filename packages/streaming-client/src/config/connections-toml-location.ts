import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where a `connections.toml` was looked for, and why there (for error messages). */
export interface ConnectionsTomlLocation {
  /** Directory that holds `connections.toml` and `config.toml`. */
  readonly directory: string;
  /** How the directory was chosen, e.g. `env SNOWFLAKE_HOME` or `~/.snowflake`. */
  readonly reason: string;
}

/**
 * Finds the Snowflake configuration directory the way Snowflake's CLI and Python connector do:
 * `SNOWFLAKE_HOME` when set; else `~/.snowflake` when it exists; else the platform default
 * (`$XDG_CONFIG_HOME/snowflake` or `~/.config/snowflake` on Linux and other Unix systems,
 * `~/Library/Application Support/snowflake` on macOS, `%LOCALAPPDATA%\snowflake` on Windows).
 * @param env - Environment to read (`SNOWFLAKE_HOME`, `XDG_CONFIG_HOME`, `LOCALAPPDATA`, `HOME`).
 * @param platform - `process.platform` value deciding the fallback directory.
 */
export function findSnowflakeHome(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): ConnectionsTomlLocation {
  const set = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const explicit = set('SNOWFLAKE_HOME');
  if (explicit !== undefined)
    return { directory: expandHome(explicit, env), reason: 'env SNOWFLAKE_HOME' };
  const home = set('HOME') ?? set('USERPROFILE') ?? homedir();
  const dotDir = join(home, '.snowflake');
  if (existsSync(dotDir)) return { directory: dotDir, reason: '~/.snowflake exists' };
  if (platform === 'darwin') {
    return {
      directory: join(home, 'Library', 'Application Support', 'snowflake'),
      reason: 'macOS default',
    };
  }
  if (platform === 'win32') {
    const local = set('LOCALAPPDATA') ?? join(home, 'AppData', 'Local');
    return { directory: join(local, 'snowflake'), reason: 'Windows default' };
  }
  const xdg = set('XDG_CONFIG_HOME');
  if (xdg !== undefined)
    return { directory: join(xdg, 'snowflake'), reason: 'env XDG_CONFIG_HOME' };
  return { directory: join(home, '.config', 'snowflake'), reason: 'XDG default ~/.config' };
}

/** Expands a leading `~` to the home directory (TOML files and env values are not shell-expanded). */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path !== '~' && !path.startsWith('~/') && !path.startsWith('~\\')) return path;
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return join(home, path.slice(1));
}
