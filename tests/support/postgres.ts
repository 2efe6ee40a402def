// A throwaway PostgreSQL server for one test file: initdb into a temporary directory,
// listen on a free port on 127.0.0.1 (socket in that directory too), stop and delete
// it afterwards. The binaries come from Debian's `postgresql` package
// (/usr/lib/postgresql/<major>/bin); tests that need them skip, saying so, when absent.
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './children';

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
  return majors.map((m) => join(root, m, 'bin')).find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

export const POSTGRES_BIN = findBinDir();
export const POSTGRES_SKIP_REASON = 'no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (Debian package `postgresql`): skipping the PostgreSQL server tests';

export interface PostgresServer {
  url: string; // postgres://postgres@127.0.0.1:<port>/postgres
  version: string; // server_version, e.g. "15.14 (Debian 15.14-0+deb12u1)"
  // A new empty database on this server; its URL.
  createDatabase(name: string): Promise<string>;
  // Stops the server, dropping every connection (`-m fast`), and starts it again.
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Owner {
  uid: number;
  gid: number;
  wrap: (cmd: string, args: string[]) => [string, string[]];
}

function serverOwner(): Owner {
  const me = userInfo();
  if (me.uid !== 0) return { uid: me.uid, gid: me.gid, wrap: (cmd, args) => [cmd, args] };
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root and there is no `postgres` user to run the PostgreSQL server as');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]] };
}

function run(owner: Owner, cmd: string, args: string[]): Promise<void> {
  const [file, argv] = owner.wrap(cmd, args);
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve();
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!POSTGRES_BIN) throw new Error(POSTGRES_SKIP_REASON);
  const bin = POSTGRES_BIN;
  const owner = serverOwner();
  const dir = mkdtempSync(join(tmpdir(), 'kerb-pg-'));
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  // --no-sync and fsync=off: this server lives for one test file and is deleted after,
  // so nothing is gained by waiting for the disk. Never run a real ledger like this.
  await run(owner, join(bin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off`;
    try {
      await run(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
      break;
    } catch (e) {
      // The port may have been taken between freePort and the server binding it.
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`${(e as Error).message}\nserver log:\n${existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : ''}`);
      }
    }
  }
  const stopNow = () => spawnSync(...owner.wrap(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
  // A test process that dies before stop() must not leave a server running.
  const onExit = () => {
    stopNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const base = `postgres://postgres@127.0.0.1:${port}`;
  const admin = new pg.Pool({ connectionString: `${base}/postgres`, max: 1 });
  admin.on('error', () => {}); // an idle connection cut by restart(); the next query reconnects
  const version = ((await admin.query("SELECT current_setting('server_version') AS v")).rows[0] as { v: string }).v;
  let stopped = false;
  return {
    url: `${base}/postgres`,
    version,
    async createDatabase(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} is not a plain identifier`);
      await admin.query(`CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    },
    async restart() {
      await run(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-m', 'fast', '-w', '-t', '60', 'restart']);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await admin.end();
      process.removeListener('exit', onExit);
      await run(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
