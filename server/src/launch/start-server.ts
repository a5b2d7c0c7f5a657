// dist/server.js, the language server's entry point (`kube-hardener-server`): runs the server
// bundle beside it from the V8 code cache.
import { join } from 'node:path';
import { runBundle } from './code-cache.ts';

runBundle(join(__dirname, 'server-bundle.js'), __dirname, 'server');
