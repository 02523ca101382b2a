// The consumer side of the pack-and-install smoke test: a throwaway npm project outside the
// workspace that installs the tarballs by path, then imports, requires and type-checks them the
// way a user's project would.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { publishedPackages, repoRoot } from './published-packages.mjs';

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'inherit' });

/** Compiler settings a strict user would have; `skipLibCheck: false` checks our `.d.ts` files. */
const STRICT = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  noEmit: true,
  target: 'ES2022',
  lib: ['ES2023'],
  types: ['node'],
};
const RESOLUTIONS = {
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
};

/**
 * Installs the tarballs, `@types/node` (which the `.d.ts` files need) and the optional peers a
 * user of each package's adapters installs (KafkaJS, the Prometheus exporter) with npm.
 */
export function installTarballs(projectDir, tarballs) {
  const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const typesNode = `@types/node@${rootManifest.devDependencies['@types/node']}`;
  writeFileSync(
    join(projectDir, 'package.json'),
    JSON.stringify({ name: 'pack-smoke-consumer', private: true, type: 'module' }, null, 2),
  );
  const flags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];
  const optionalPeers = publishedPackages().flatMap(({ manifest }) =>
    Object.entries(manifest.peerDependencies ?? {})
      .filter(([name]) => manifest.peerDependenciesMeta?.[name]?.optional === true)
      .map(([name, range]) => `${name}@${range}`),
  );
  run('npm', ['install', ...flags, ...tarballs, typesNode, ...optionalPeers], projectDir);
}

/** ESM `import` and CommonJS `require()` of every package; each must export something. */
export function loadEveryPackage(projectDir, names) {
  const list = JSON.stringify(names);
  const check = (how) =>
    `for (const name of ${list}) {
       const mod = ${how};
       const keys = Object.keys(mod).filter((key) => key !== 'default' && key !== '__esModule');
       if (keys.length === 0) throw new Error(name + ': no exports');
       const missing = keys.filter((key) => mod[key] === undefined);
       if (missing.length > 0) throw new Error(name + ': undefined exports ' + missing.join(', '));
       console.log('  ' + name + ': ' + keys.length + ' exports');
     }`;
  writeFileSync(join(projectDir, 'smoke-esm.mjs'), check('await import(name)'));
  writeFileSync(join(projectDir, 'smoke-cjs.cjs'), check('require(name)'));
  console.log('ESM import:');
  run(process.execPath, ['smoke-esm.mjs'], projectDir);
  console.log('CommonJS require():');
  run(process.execPath, ['--no-warnings=ExperimentalWarning', 'smoke-cjs.cjs'], projectDir);
}

/** Every `bin` a package declares runs `--help` from the installed tarball. */
export function runEveryBin(projectDir, packages) {
  for (const { manifest } of packages) {
    for (const bin of Object.keys(manifest.bin ?? {})) {
      const out = execFileSync(join(projectDir, 'node_modules', '.bin', bin), ['--help'], {
        cwd: projectDir,
        encoding: 'utf8',
        timeout: 30_000,
      });
      if (out.trim() === '') throw new Error(`${bin} --help printed nothing`);
      console.log(`  ${bin} --help: ${out.trim().split('\n')[0]}`);
    }
  }
}

/**
 * `tsc --noEmit` of a consumer file that imports every package, once per module resolution, and
 * of a CommonJS consumer (`.cts`, `import x = require()`) under nodenext.
 */
export function typecheckEveryPackage(projectDir, names) {
  const all = `[${names.map((_, i) => `pkg${i}`).join(', ')}]`;
  const esm = names.map((name, i) => `import * as pkg${i} from '${name}';`);
  const cjs = names.map((name, i) => `import pkg${i} = require('${name}');`);
  writeFileSync(join(projectDir, 'consumer.ts'), `${esm.join('\n')}\nexport const all = ${all};\n`);
  writeFileSync(
    join(projectDir, 'consumer.cts'),
    `${cjs.join('\n')}\nexport const all = ${all};\n`,
  );
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const checks = [
    ['nodenext', RESOLUTIONS.nodenext, 'consumer.ts'],
    ['bundler', RESOLUTIONS.bundler, 'consumer.ts'],
    ['nodenext-cjs', RESOLUTIONS.nodenext, 'consumer.cts'],
  ];
  for (const [label, resolution, source] of checks) {
    const file = `tsconfig.${label}.json`;
    const compilerOptions = { ...STRICT, ...resolution };
    writeFileSync(join(projectDir, file), JSON.stringify({ compilerOptions, files: [source] }));
    console.log(`tsc --noEmit ${source} (moduleResolution ${resolution.moduleResolution}):`);
    run(process.execPath, [tsc, '-p', file], projectDir);
    console.log('  ok');
  }
}
