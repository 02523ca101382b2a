import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A workspace package's name and what `package.json` says of it. */
export interface WorkspacePackage {
  readonly name: string;
  readonly dir: string;
  readonly scripts: Readonly<Record<string, string>>;
  /** Workspace packages among its `dependencies` and `peerDependencies` (what its build needs). */
  readonly workspaceDeps: readonly string[];
}

const WORKSPACE_FOLDERS = ['packages', 'examples'];

/** Every workspace package (`packages/*`, `examples/*`, `bench`), plus the root as `''`. */
export function workspacePackages(root: string): WorkspacePackage[] {
  const dirs = [
    root,
    join(root, 'bench'),
    ...WORKSPACE_FOLDERS.flatMap((folder) =>
      existsSync(join(root, folder))
        ? readdirSync(join(root, folder)).map((name) => join(root, folder, name))
        : [],
    ),
  ];
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        scripts?: Record<string, string>;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
      };
      // What a build needs: runtime and peer dependencies (devDependencies serve the tests).
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
      return {
        name: dir === root ? '' : (manifest.name ?? ''),
        dir,
        scripts: manifest.scripts ?? {},
        workspaceDeps: Object.keys(deps).filter((d) => deps[d]?.startsWith('workspace:')),
      };
    });
}

/** Package name → folder, for the workspace's named packages. */
export function workspacePackageDirs(root: string): Map<string, string> {
  return new Map(
    workspacePackages(root)
      .filter((p) => p.name !== '')
      .map((p) => [p.name, p.dir]),
  );
}
