// What `pnpm test` needs from the machine, checked in a second before anything runs: a Node.js
// the project supports, Chromium (browser tests) and PgBouncer (the RLS suite through a
// transaction pooler). npm cannot provide the last two. Where the machine allows it (root on
// Debian/Ubuntu: CI, dev containers) they are installed with apt-get; otherwise the run stops
// here with the one command that installs them on this system.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Returns the environment the suites need (e.g. CHROMIUM_PATH), or a message saying what is missing. */
export function preflight(root) {
  const runtime = checkNode(root);
  if (runtime) return { problem: runtime };

  let chromium = findChromium();
  let pgbouncer = findPgBouncer();
  const missing = [!chromium && 'chromium', !pgbouncer && 'pgbouncer'].filter(Boolean);
  if (missing.length === 0) return { env: { CHROMIUM_PATH: chromium, PGBOUNCER_PATH: pgbouncer } };

  const system = describeSystem();
  if (system.canInstall) {
    console.log(`Installing ${missing.join(' and ')} with apt-get (root on ${system.name})…`);
    const install = spawnSync(
      'sh',
      ['-c', `apt-get update -qq && apt-get install -y -qq ${system.packages(missing)}`],
      { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, encoding: 'utf8' },
    );
    chromium = findChromium();
    pgbouncer = findPgBouncer();
    if (chromium && pgbouncer) {
      return { env: { CHROMIUM_PATH: chromium, PGBOUNCER_PATH: pgbouncer } };
    }
    return {
      problem: `apt-get could not install ${missing.join(' and ')}:\n${(install.stdout + install.stderr).trim().split('\n').slice(-15).join('\n')}`,
    };
  }
  return {
    problem: [
      `The tests need ${missing.map((name) => TOOLS[name]).join(' and ')}, which npm cannot install.`,
      `Install ${missing.length > 1 ? 'them' : 'it'} (${system.name}), then run the tests again:`,
      '',
      `  ${system.command(missing)}`,
      '',
      'Or point CHROMIUM_PATH / PGBOUNCER_PATH at binaries you already have.',
    ].join('\n'),
  };
}

const TOOLS = { chromium: 'Chromium (browser tests)', pgbouncer: 'PgBouncer (pooler tests)' };

/** The Node.js range in the root package.json's `engines`, which the suites (Vitest 5) need. */
function checkNode(root) {
  const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
  const minimum = /^>=\s*(\d+)\.(\d+)/.exec(wanted);
  if (!minimum) return undefined;
  const [major, minor] = process.versions.node.split('.').map(Number);
  const [wantMajor, wantMinor] = [Number(minimum[1]), Number(minimum[2])];
  if (major > wantMajor || (major === wantMajor && minor >= wantMinor)) return undefined;
  return [
    `Node.js ${process.version} is too old for this project (engines: node ${wanted}; CI runs 24).`,
    'Install Node.js 24 (with nvm: `nvm install`, which reads .nvmrc; with fnm: `fnm use --install-if-missing`), then run the tests again.',
  ].join('\n');
}

function findChromium() {
  return firstExisting([
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser', // Fedora, older Ubuntu
    '/snap/bin/chromium', // Ubuntu's apt package installs the snap
    '/Applications/Chromium.app/Contents/MacOS/Chromium', // Homebrew cask
    onPath('chromium'),
    onPath('chromium-browser'),
  ]);
}

function findPgBouncer() {
  return firstExisting([
    process.env.PGBOUNCER_PATH,
    '/usr/sbin/pgbouncer', // Debian/Ubuntu keep it out of a normal user's PATH
    '/usr/bin/pgbouncer',
    onPath('pgbouncer'),
  ]);
}

function firstExisting(candidates) {
  return candidates.find((path) => path && existsSync(path));
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Which system this is, whether we may install system packages, and the command if not. */
function describeSystem() {
  if (process.platform === 'darwin') {
    return {
      name: 'macOS, Homebrew',
      canInstall: false,
      command: (missing) =>
        [
          missing.includes('pgbouncer') && 'brew install pgbouncer',
          missing.includes('chromium') && 'brew install --cask chromium',
        ]
          .filter(Boolean)
          .join(' && '),
    };
  }
  const release = existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '';
  const field = (key) => new RegExp(`^${key}="?([^"\\n]*)`, 'm').exec(release)?.[1] ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`;
  const root = process.getuid?.() === 0;
  if (/\b(debian|ubuntu)\b/.test(ids)) {
    const ubuntu = /\bubuntu\b/.test(ids);
    // Ubuntu ships Chromium as `chromium-browser` (which installs the snap).
    const packages = (missing) =>
      missing.map((name) => (name === 'chromium' && ubuntu ? 'chromium-browser' : name)).join(' ');
    return {
      name: ubuntu ? 'Ubuntu' : 'Debian',
      canInstall: root && hasAptGet(),
      packages,
      command: (missing) => `sudo apt-get install -y ${packages(missing)}`,
    };
  }
  if (/\b(fedora|rhel|centos)\b/.test(ids)) {
    return {
      name: 'Fedora',
      canInstall: false,
      command: (missing) => `sudo dnf install -y ${missing.join(' ')}`,
    };
  }
  if (/\barch\b/.test(ids)) {
    return {
      name: 'Arch Linux',
      canInstall: false,
      command: (missing) => `sudo pacman -S --needed ${missing.join(' ')}`,
    };
  }
  return {
    name: field('PRETTY_NAME') || process.platform,
    canInstall: false,
    command: (missing) => `install ${missing.join(' and ')} with your system's package manager`,
  };
}

function hasAptGet() {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
