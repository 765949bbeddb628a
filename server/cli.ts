#!/usr/bin/env node
// xb — admin commands for the box. Every command works on the same data directory as the server
// (XB_DATA_DIR) and goes through the same services, so the same rules and audit log apply.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfigFromEnvironment, ConfigError, type Config } from './config/config.js';
import { readVersion } from './config/version.js';
import { buildApp, type App } from './app.js';
import { startServer } from './serve.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrator.js';
import { seedDemoSchool } from './modules/admin/index.js';
import { argon2Hasher } from './modules/auth/index.js';
import { ROLES, type RoleName } from './modules/org/index.js';
import { backupCli, BACKUP_HELP } from './modules/backup/index.js';
import { rollbackUpgrade, RollbackError } from './modules/backup/index.js';

const HELP = `xb — 校办 xiaoban admin commands

  xb serve                         run the server (same as node dist/server/main.js)
  xb migrate                       apply pending database migrations (a snapshot is taken first)
  xb user create --username U --role R [--display-name NAME] [--department NAME] --password-stdin
                                   create an account; roles: ${ROLES.join(', ')}; the password is read from stdin
  xb import staff FILE [--commit]  preview a staff spreadsheet (.xlsx or .csv); --commit imports the valid rows
                                   and prints the new accounts' initial passwords as CSV
  xb demo seed                     fill an EMPTY box with the demo school (示范中学)
${BACKUP_HELP}
  xb upgrade --rollback [--force]  with the service stopped: put back the database from before the last
                                   upgrade's migrations (the migrated one is kept aside); see README › Upgrade
  xb help                          this text

Configuration comes from XB_ environment variables (see README), e.g. XB_DATA_DIR=/var/lib/xiaoban.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function withApp<T>(config: Config, fn: (app: App) => Promise<T>): Promise<T> {
  // A whole-box restore waiting for the server's restart is the server's to swap in, not a CLI call's beside it.
  const app = await buildApp(config, { startJobs: false, logger: false, applyPendingRestore: false });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

function fail(message: string, code = 1): never {
  console.error(`xb: ${message}`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  const config = loadConfigFromEnvironment(readVersion());
  switch (command) {
    case 'serve':
      await startServer(config, buildApp);
      return;
    case 'migrate': {
      const db = openDatabase(config.dataDir);
      try {
        const result = await migrate(db.sqlite, config.dataDir);
        console.log(result.applied.length ? `applied: ${result.applied.join(', ')}${result.snapshot ? `\nsnapshot: ${result.snapshot}` : ''}` : 'database is up to date');
      } finally {
        db.close();
      }
      return;
    }
    case 'user': {
      if (sub !== 'create') fail('usage: xb user create --username U --role R --password-stdin');
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, role: { type: 'string', multiple: true }, 'display-name': { type: 'string' }, department: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
      });
      if (!values.username) fail('--username is required');
      const roles = (values.role ?? ['staff']) as string[];
      const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
      if (bad.length) fail(`unknown role ${bad.join(', ')}; choose from ${ROLES.join(', ')}`);
      if (!values['password-stdin']) fail('--password-stdin is required (pipe the password in; it never appears in the process list)');
      const password = await readStdin();
      await withApp(config, async (app) => {
        const { org, auth } = app.services;
        const rules = auth.policyProblems(password, { username: values.username });
        if (rules.length) fail(`password does not meet the rules: ${rules.join(', ')}`);
        const department = values.department ? org.listDepartments().find((d) => d.name === values.department) : undefined;
        if (values.department && !department) fail(`no department named ${values.department}`);
        const scoped = (role: string) => ({ role: role as RoleName, departmentId: role === 'dept_head' ? department?.id ?? null : null });
        const { person } = await org.createPerson(
          { username: values.username!.toLowerCase(), displayName: values['display-name'] ?? values.username!, departmentId: department?.id ?? null, roles: roles.map(scoped) },
          { id: 'cli', displayName: 'xb cli' },
          { password, hash: await argon2Hasher.hash(password), mustChange: false },
        );
        console.log(`created ${person.username} (${person.displayName}) with roles ${roles.join(', ')}`);
      });
      return;
    }
    case 'import': {
      if (sub !== 'staff' || !rest[0]) fail('usage: xb import staff FILE [--commit]');
      const file = path.resolve(rest[0]);
      const commit = rest.includes('--commit');
      await withApp(config, async (app) => {
        const format = file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        // The CLI runs as root on the box: it acts for the first active administrator.
        const admin = app.services.org.firstAdmin();
        if (!admin) fail('create an administrator first (xb user create … --role admin)');
        const actor = { id: admin.id, displayName: 'xb cli', canGrantRoles: true };
        const preview = await app.services.staffImport.preview(readFileSync(file), format, path.basename(file), actor);
        for (const row of preview.rows.filter((r) => r.action === 'error')) {
          console.log(`row ${row.row}: ${row.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
        }
        const s = preview.summary;
        console.log(`rows ${s.total}: create ${s.create}, update ${s.update}, unchanged ${s.skip}, errors ${s.error}`);
        if (!commit) return console.log('preview only; run again with --commit to import the valid rows');
        const result = await app.services.staffImport.commit(preview.id, actor);
        console.log(`created ${result.created}, updated ${result.updated}, skipped ${result.skipped}`);
        if (result.credentials.length) {
          console.log('\nusername,name,initial password');
          for (const c of result.credentials) console.log(`${c.username},${c.displayName},${c.initialPassword}`);
        }
      });
      return;
    }
    case 'backup': {
      const code = await backupCli([sub ?? '', ...rest].filter((a, i) => i > 0 || a !== ''), {
        dataDir: config.dataDir, toolEnv: config.files.toolEnv,
        withBackup: (fn) => withApp(config, (app) => fn(app.services.backup)),
      });
      if (code !== 0) process.exit(code);
      return;
    }
    case 'demo': {
      if (sub !== 'seed') fail('usage: xb demo seed');
      await withApp(config, async (app) => {
        if (app.services.org.hasAdmin()) fail('this box already has people; the demo school only goes into an empty box');
        const { org, settings, forms, notices, meetings, db, clock } = app.services;
        const result = await seedDemoSchool({ org, settings, hasher: argon2Hasher, forms, notices, meetings, sqlite: db.sqlite, clock });
        console.log(
          `demo school seeded: ${result.departments} departments, ${result.people} people, ${result.forms} forms, ${result.submissions} sample submissions, ${result.notices} notices, ${result.meetings} meetings`,
        );
      });
      return;
    }
    case 'upgrade': {
      if (sub !== '--rollback' || rest.some((a) => a !== '--force')) fail('usage: xb upgrade --rollback [--force]   (stop the service first; the code is swapped back by: sudo bash /opt/xiaoban/appliance/install.sh --rollback)', 64);
      try {
        const { restored, keptAside } = await rollbackUpgrade({ dataDir: config.dataDir, force: rest.includes('--force'), log: (line) => console.log(line) });
        console.log(`database restored from ${restored}\nthe migrated database is kept as ${keptAside}`);
      } catch (err) {
        if (err instanceof RollbackError) fail(`${err.code}: ${err.message}`, err.code === 'NO_SNAPSHOT' ? 2 : 1);
        throw err;
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return;
    default:
      fail(`unknown command ${command}\n\n${HELP}`, 64);
  }
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof ConfigError) fail(err.message, 78);
  const e = err as { code?: string; detail?: string; message?: string };
  fail(e.detail ? `${e.code}: ${e.detail}` : (e.message ?? String(err)));
}
