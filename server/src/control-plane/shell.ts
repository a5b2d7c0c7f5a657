/** A word of a shell command line, with its offsets in the script. */
export interface ShellWord {
  text: string;
  start: number;
  end: number;
  /** True when the word was written without quotes or escapes, so `text` stands verbatim in the script. */
  verbatim: boolean;
}

const OPERATOR = /^(?:&&|\|\||;|\||&|\n)/;

/**
 * Splits a `sh -c` script into simple commands of words: quotes and backslashes as the shell
 * reads them, `&&`, `||`, `;`, `|`, `&` and newlines between commands. No expansion is done.
 */
export function shellCommands(script: string): ShellWord[][] {
  const commands: ShellWord[][] = [[]];
  let i = 0;
  while (i < script.length) {
    const ch = script[i];
    if (ch === '\\' && script[i + 1] === '\n') { i += 2; continue; }
    if (ch !== '\n' && /\s/.test(ch)) { i++; continue; }
    if (ch === '#') { while (i < script.length && script[i] !== '\n') i++; continue; }
    const operator = OPERATOR.exec(script.slice(i, i + 2));
    if (operator) {
      commands.push([]);
      i += operator[0].length;
      continue;
    }
    const word = readWord(script, i);
    commands[commands.length - 1].push(word);
    i = Math.max(word.end, i + 1); // never stand still, whatever the input
  }
  return commands.filter((words) => words.length > 0);
}

function readWord(script: string, start: number): ShellWord {
  let text = '';
  let verbatim = true;
  let i = start;
  while (i < script.length && !/[\s;&|]/.test(script[i])) {
    const ch = script[i];
    if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const end = close === -1 ? script.length : close;
      text += script.slice(i + 1, end);
      verbatim = false;
      i = end + 1;
    } else if (ch === '"') {
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === '\\' && i + 1 < script.length) i++;
        text += script[i++];
      }
      verbatim = false;
      i++;
    } else if (ch === '\\' && i + 1 < script.length) {
      text += script[i + 1];
      verbatim = false;
      i += 2;
    } else {
      text += ch;
      i++;
    }
  }
  return { text, start, end: Math.min(i, script.length), verbatim };
}
