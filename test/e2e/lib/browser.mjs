// Debian's Chromium, driven by playwright-core (which downloads no browser of its own).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM, playwright } from './env.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** A headless Chromium with a fresh profile in the run folder; returns the context and its page. */
export async function launchBrowser(runDir) {
  const profile = join(runDir, 'chromium');
  mkdirSync(profile, { recursive: true });
  const context = await playwright().chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
