// Delta debugging (ddmin): shrinks a failing input by lines, then by characters, keeping every
// reduction that still fails the same way.

/** Shrinks `items` while `fails` holds for the kept ones; at most `budget` attempts. */
async function ddmin<T>(items: T[], fails: (candidate: T[]) => Promise<boolean>, budget: { attempts: number }): Promise<T[]> {
  let current = items;
  let chunks = 2;
  while (current.length >= 2 && budget.attempts > 0) {
    const size = Math.ceil(current.length / chunks);
    let reduced = false;
    for (let start = 0; start < current.length && budget.attempts > 0; start += size) {
      const complement = [...current.slice(0, start), ...current.slice(start + size)];
      budget.attempts--;
      if (await fails(complement)) {
        current = complement;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (chunks >= current.length) break;
      chunks = Math.min(current.length, chunks * 2);
    }
  }
  return current;
}

/** The smallest text found that still fails: lines first, then characters. */
export async function minimise(text: string, fails: (candidate: string) => Promise<boolean>, attempts = 400): Promise<string> {
  const budget = { attempts };
  const lines = await ddmin(text.split(/(?<=\n)/), (kept) => fails(kept.join('')), budget);
  const chars = await ddmin([...lines.join('')], (kept) => fails(kept.join('')), budget);
  return chars.join('');
}
