// dynalite's own thread (started by dynalite.ts): plain JavaScript so it needs no TypeScript loader.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

// dynalite ships CommonJS.
const dynalite = createRequire(import.meta.url)('dynalite');
const { path, port } = workerData;

const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
// A failure to listen (port taken) is thrown here: the parent's 'error' event.
// No idle timeout on keep-alive sockets: with Node's default (5 s) the server may close a socket at the
// moment the SDK reuses it ("socket hang up"); under a burst that drains the SDK's retry quota and a
// request fails. The runtime owns both ends and closes idle sockets itself when it stops.
server.keepAliveTimeout = 0;
server.once('error', (error) => {
  throw error;
});
server.listen(port ?? 0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));

parentPort.once('message', () => {
  // dynalite's close() stops accepting, waits for the connections to end and for its pending
  // operations, then closes its database (releasing an on-disk path); the thread then has nothing
  // left to run and exits once the channel to the parent is closed too. The runtime has drained its
  // callers before asking, so only idle keep-alive sockets remain: closing those lets close() go on.
  // Cutting busy connections instead would close the database under a request still being served.
  server.close(() => parentPort.close());
  server.closeIdleConnections();
  // A connection still busy after that (a caller that did not drain) is cut, late rather than never.
  setTimeout(() => server.closeAllConnections(), 5000).unref();
});
