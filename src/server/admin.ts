import { openWorkbench } from '#engine/index';
import { createAuth } from './auth';
import { requireGoodPassword } from './passwords';

/**
 * Creates (or promotes) an administrator account in a store, for `reviewbench admin create`:
 * whoever can run the CLI on the store's machine owns the server. An existing account keeps
 * its password and becomes an administrator.
 */
export async function createAdministrator(input: {
  url: string;
  email: string;
  name: string;
  password: string;
}): Promise<{ email: string; created: boolean }> {
  const workbench = await openWorkbench({ url: input.url, actor: 'admin-cli' });
  try {
    const auth = await createAuth({
      workbench,
      baseURL: 'http://127.0.0.1',
      secret: 'cli-admin-create-does-not-sign-sessions',
    });
    const email = input.email.trim().toLowerCase();
    requireGoodPassword(input.password, email);
    const { id, created } = await auth.ensureAccount({
      email,
      password: input.password,
      name: input.name,
    });
    await auth.makeAdmin(id);
    return { email, created };
  } finally {
    await workbench.close();
  }
}
