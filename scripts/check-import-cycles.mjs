// Fails when the relative imports inside a package form a cycle, counting `import type` and
// `export ... from` too (eslint's import-x/no-cycle skips type-only imports, and a type cycle is
// still two files that cannot be read apart). Usage: node scripts/check-import-cycles.mjs [root]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? '.');
const files = new Set();
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') walk(path);
    } else if (/\.tsx?$/.test(name) && !/\.test(-d)?\.ts$/.test(name)) files.add(path);
  }
}
for (const group of ['packages', 'examples', 'bench']) {
  let entries = [];
  try {
    entries = readdirSync(join(root, group));
  } catch {
    continue;
  }
  for (const name of entries) {
    const src = group === 'bench' ? join(root, group, 'src') : join(root, group, name, 'src');
    try {
      if (statSync(src).isDirectory()) walk(src);
    } catch {
      // a folder without src/
    }
    if (group === 'bench') break;
  }
}

const graph = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const deps = importedFiles
    .map((i) => i.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec.replace(/\.js$/, '.ts')))
    .filter((dep) => files.has(dep));
  graph.set(file, [...new Set(deps)]);
}

const done = new Set();
const onPath = new Map();
const path = [];
const cycles = [];
function visit(file) {
  onPath.set(file, path.length);
  path.push(file);
  for (const dep of graph.get(file) ?? []) {
    if (onPath.has(dep)) cycles.push([...path.slice(onPath.get(dep)), dep]);
    else if (!done.has(dep)) visit(dep);
  }
  path.pop();
  onPath.delete(file);
  done.add(file);
}
for (const file of files) if (!done.has(file)) visit(file);

if (cycles.length > 0) {
  for (const cycle of cycles) {
    console.error(`import cycle: ${cycle.map((f) => relative(root, f)).join(' -> ')}`);
  }
  console.error(`${cycles.length} import cycle(s) found`);
  process.exit(1);
}
console.log(`no import cycles in ${files.size} files`);
