// The workbook reader's thread (started by xlsx-reader.ts). Plain JavaScript loading the TypeScript
// through tsx, as bin/pole-admin.mjs does: it runs alike whatever loader the parent has (tsx, vitest).
import { tsImport } from 'tsx/esm/api';

await tsImport('./xlsx-worker.ts', import.meta.url);
