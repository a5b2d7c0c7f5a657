// The fuzzer's language-server probe: one server process for the whole run; each sampled input is
// opened, changed, asked for code actions and hovers, then closed. Any request without an answer
// in time is a hang, a dead server a crash.
import { DidCloseTextDocumentNotification, HoverRequest, PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../lsp/harness.ts';
import { tempWorkspace, TempWorkspace } from '../lsp/workspace-fixture.ts';
import type { Failure } from './oracle.ts';
import type { Random } from './random.ts';

/** A running server and the count of documents it was sent. */
export class LspProbe {
  private opened = 0;

  private constructor(private readonly client: TestClient, private readonly workspace: TempWorkspace) {}

  static async start(): Promise<LspProbe> {
    const workspace = tempWorkspace();
    return new LspProbe(await TestClient.start({ workspace: workspace.dir }), workspace);
  }

  /** Opens the text, edits it once, asks for code actions and hovers; the first failure, if any. */
  async probe(text: string, random: Random, limitMs: number): Promise<Failure | undefined> {
    const uri = this.workspace.uri(`fuzz-${this.opened++}.yaml`);
    try {
      const from = this.client.events.length;
      await this.client.open(uri, text);
      const diagnostics = await this.within(limitMs, 'diagnostics after didOpen', this.published(uri, 1, from));
      const lines = text.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      await this.within(limitMs, 'codeAction', this.client.codeActions(uri, { start: { line: 0, character: 0 }, end }, diagnostics));
      for (let n = 0; n < 3; n++) {
        const line = random.int(lines.length);
        const position = { line, character: random.int(lines[line].length + 1) };
        await this.within(limitMs, 'hover', this.client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
      }
      const at = { line: random.int(lines.length), character: 0 };
      const changedFrom = this.client.events.length;
      const version = await this.client.change(uri, [{ range: { start: at, end: at }, text: random.pick(['# edit\n', '  x: 1\n', '---\n', '\t\n']) }]);
      await this.within(limitMs, 'diagnostics after didChange', this.published(uri, version, changedFrom));
      await this.client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      this.client.documents.delete(uri);
      return this.client.child.exitCode === null ? undefined : { kind: 'crash', detail: `language server exited (${this.client.child.exitCode})` };
    } catch (error) {
      return { kind: /no answer/.test((error as Error).message) ? 'hang' : 'crash', detail: `language server: ${(error as Error).message.split('\n')[0]}` };
    }
  }

  private async published(uri: string, version: number, from: number): Promise<any[]> {
    const event = await this.client.waitFor((e) => e.method === PublishDiagnosticsNotification.method && e.params.uri === uri && e.params.version === version, `diagnostics of ${uri}`, from);
    return event.params.diagnostics;
  }

  private within<T>(limitMs: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${limitMs} ms`)), limitMs)));
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  /** The server's log so far (for a failure report). */
  log(): string {
    return this.client.log();
  }

  async stop(): Promise<void> {
    try {
      await this.client.stop();
    } finally {
      this.workspace.cleanup();
    }
  }
}
