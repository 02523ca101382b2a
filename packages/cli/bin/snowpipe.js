#!/usr/bin/env node
// A committed shim so pnpm can link the bin before the first build; the command lives in dist.
import { runCli } from '../dist/index.js';

process.exit(await runCli(process.argv));
