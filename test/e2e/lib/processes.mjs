// Stopping what the editor tests start: a process and every descendant, by PID.
import { execFileSync } from 'node:child_process';

/** PIDs of every descendant of `pid` (children first found via `ps`, then theirs). */
export function descendants(pid) {
  let table;
  try {
    table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const children = new Map();
  for (const line of table.trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    if (!children.has(parent)) children.set(parent, []);
    children.get(parent).push(child);
  }
  const result = [];
  const walk = (id) => {
    for (const child of children.get(id) ?? []) {
      result.push(child);
      walk(child);
    }
  };
  walk(pid);
  return result;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends SIGTERM to `pid` and its descendants, then SIGKILL to those alive after `graceMs`. */
export async function killTree(pid, graceMs = 2000) {
  if (!pid) return [];
  const pids = [pid, ...descendants(pid)];
  for (const id of pids) {
    try {
      process.kill(id, 'SIGTERM');
    } catch {}
  }
  const deadline = Date.now() + graceMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  for (const id of pids.filter(isAlive)) {
    try {
      process.kill(id, 'SIGKILL');
    } catch {}
  }
  return pids;
}
