#!/usr/bin/env node
// Committed launcher for the compiled CLI. pnpm links package bins at install time, before
// anything is built; pointing `bin` at this file instead of `dist/` lets the link succeed in a
// fresh clone, and the import resolves once `dist/` exists (always true in a published tarball).
import '../dist/bin/snowpipe-emulator.js';
