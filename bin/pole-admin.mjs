#!/usr/bin/env node
// `pole-admin`: the admin command line, written in TypeScript and run through tsx (no build step).
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../cli/pole-admin.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2), process.env);
