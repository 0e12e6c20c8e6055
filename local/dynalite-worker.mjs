// dynalite's own thread (started by dynalite.ts): plain JavaScript so it needs no TypeScript loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

// dynalite ships CommonJS.
const dynalite = createRequire(import.meta.url)('dynalite');
const { path, port } = workerData;

const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// A failure to listen (port taken) is thrown here: the parent's 'error' event.
server.once('error', (error) => {
  throw error;
});
server.listen(port ?? 0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));

parentPort.once('message', () => {
  // dynalite's close() also closes its database (releasing an on-disk path); the thread then has
  // nothing left to run and exits once the channel to the parent is closed too. As before the
  // worker, a failed close is not reported: the thread ends either way.
  server.close(() => parentPort.close());
  server.closeAllConnections();
});
