// A new user's password: CS_ANALYTICS_PASSWORD, else asked on the terminal (not echoed), else read from stdin.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export async function readPassword(prompt = 'Password: '): Promise<string> {
  const fromEnv = process.env.CS_ANALYTICS_PASSWORD;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) return askHidden(prompt);
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

function askHidden(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  // Typed characters are not echoed: the interface writes to a sink.
  const muted = new Writable({ write: (_chunk, _enc, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}
