// Staff accounts from the command line:
//   npm run user -- add <username> <planner|admin|volunteer>   (password from WIFI_REACH_PASSWORD or typed)
//   npm run user -- list
//   npm run user -- passwd <username>
//   npm run user -- disable <username>
//   npm run user -- token <username> <token name> [--days N]   (prints the API token once; expires after N days)
//   npm run user -- tokens | revoke <token id>
import { createInterface } from 'node:readline/promises';
import { readConfig } from '../server/config';
import { openStore } from '../server/store';
import { addUser, createAuth } from '../server/services/auth';
import { hashPassword } from '../server/services/passwords';
import { PASSWORD_MIN_CHARS } from '../server/domain/limits';

async function readPassword(): Promise<string> {
  if (process.env.WIFI_REACH_PASSWORD) return process.env.WIFI_REACH_PASSWORD;
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const password = await rl.question(`password (at least ${PASSWORD_MIN_CHARS} characters): `);
  rl.close();
  return password;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const [command, ...args] = process.argv.slice(2);
const store = (() => {
  try {
    return openStore(readConfig().databasePath);
  } catch (err) {
    return fail((err as Error).message); // a bad DATABASE_PATH or file: one line, not a stack trace
  }
})();
const now = () => new Date().toISOString();
const userNamed = (username: string | undefined) =>
  store.staff.userByName(username ?? '') ?? fail(`no user "${username ?? ''}"; see npm run user -- list`);

try {
  switch (command) {
    case 'add': {
      const [username, role] = args;
      if (!username || !role) fail('usage: npm run user -- add <username> <planner|admin|volunteer>');
      const id = await addUser(store, username, role, await readPassword(), now());
      console.log(`added ${role} "${username}" (id ${id})`);
      break;
    }
    case 'list':
      for (const u of store.staff.users()) console.log(`${u.username}\t${u.role}${u.disabled ? '\tdisabled' : ''}`);
      break;
    case 'passwd': {
      const user = userNamed(args[0]);
      const password = await readPassword();
      if (password.length < PASSWORD_MIN_CHARS) fail(`password must be at least ${PASSWORD_MIN_CHARS} characters`);
      store.staff.setPassword(user.id, await hashPassword(password));
      store.audit.record(now(), null, 'user.password', 'user', user.id, { by: 'command line' });
      console.log(`password changed for "${user.username}"; their sessions were signed out`);
      break;
    }
    case 'disable': {
      const user = userNamed(args[0]);
      store.staff.disableUser(user.id, now());
      store.audit.record(now(), null, 'user.disable', 'user', user.id, { by: 'command line' });
      console.log(`disabled "${user.username}"`);
      break;
    }
    case 'token': {
      const user = userNamed(args[0]);
      const rest = args.slice(1);
      const daysAt = rest.indexOf('--days');
      const days = daysAt === -1 ? undefined : Number(rest.splice(daysAt, 2)[1]);
      const name = rest.join(' ').trim() || fail('usage: npm run user -- token <username> <token name> [--days N]');
      const { id, token, expiresAt } = createAuth(store).createToken(user, name, days);
      console.log(`token ${id} for "${user.username}" (${name}), ${expiresAt ? `expires ${expiresAt}` : 'never expires'}; store it now, it is shown only once:\n${token}`);
      break;
    }
    case 'tokens': {
      const at = now();
      for (const t of store.staff.tokens()) {
        const state = t.revoked ? '\trevoked' : t.expiresAt && t.expiresAt <= at ? '\texpired' : '';
        console.log(`${t.id}\t${t.username}\t${t.name}\tcreated ${t.createdAt}\texpires ${t.expiresAt ?? 'never'}\tlast used ${t.lastUsedAt ?? 'never'}${state}`);
      }
      break;
    }
    case 'revoke':
      console.log(createAuth(store).revokeToken(Number(args[0]), null) ? `revoked token ${args[0]}` : fail(`no active token ${args[0]}`));
      break;
    default:
      fail('usage: npm run user -- add|list|passwd|disable|token|tokens|revoke …');
  }
} catch (err) {
  fail((err as Error).message);
} finally {
  store.close();
}
