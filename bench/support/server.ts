import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/**
 * Starts `reviewbench serve` in its own process (node itself, not a wrapper, so SIGTERM reaches
 * it), so a load generator does not share its event loop; answers with the origin it prints.
 */
export async function startServerProcess(
  args: string[],
): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = / at (http:\/\/[^\s]+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { origin, child };
}

/**
 * Creates an account with an invitation's token, as people join, and answers with every
 * cookie the server set, as a browser sends them (the session and its signed cache).
 */
export async function signUpInvited(
  origin: string,
  account: { email: string; password: string; name?: string },
  invitation: string,
): Promise<string> {
  const response = await fetch(`${origin}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, 'x-reviewbench-invitation': invitation },
    body: JSON.stringify({ ...account, name: account.name ?? account.email }),
  });
  if (!response.ok) throw new Error(`sign-up ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
