// Makes sure Debian's Chromium is installed for the browser tests. CI machines start without it and
// run as root with Debian's apt reachable, so the tests install it themselves; elsewhere the error
// says exactly what to install.
import { existsSync } from 'node:fs';
import { run } from './n8n-install.mjs';

export const CHROMIUM_PATH = '/usr/bin/chromium';
// chromium-driver is not needed by playwright-core, but it is part of the documented setup.
export const CHROMIUM_PACKAGES = ['chromium', 'chromium-driver'];
const INSTALL_HINT = `apt-get install -y --no-install-recommends ${CHROMIUM_PACKAGES.join(' ')}`;

const defaultLog = (line) => console.log(`[chromium] ${line}`);

/**
 * Returns the path of Debian's Chromium, installing it with apt-get first when it is missing.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>}
 */
export async function ensureChromium({ log = defaultLog } = {}) {
	if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;

	if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
		throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}. Install Debian's packages as root: ${INSTALL_HINT}`);
	}
	if (!existsSync('/usr/bin/apt-get')) {
		throw new Error(
			`Chromium is not installed at ${CHROMIUM_PATH} and this machine has no apt-get. ` +
				`Install Debian's ${CHROMIUM_PACKAGES.join(' and ')} packages (${INSTALL_HINT}).`,
		);
	}

	const started = Date.now();
	log(`${CHROMIUM_PATH} is missing: installing ${CHROMIUM_PACKAGES.join(' ')} with apt-get`);
	try {
		try {
			await aptGet(['install', '-y', '--no-install-recommends', ...CHROMIUM_PACKAGES]);
		} catch {
			// Empty or stale package lists: "Unable to locate package" or a 404 on download.
			log('install failed on the current package lists; running apt-get update and trying again');
			await aptGet(['update']);
			await aptGet(['install', '-y', '--no-install-recommends', ...CHROMIUM_PACKAGES]);
		}
	} catch (error) {
		throw new Error(`installing Chromium with apt-get failed; install it yourself as root: ${INSTALL_HINT}\n${error.message}`);
	}
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`apt-get installed ${CHROMIUM_PACKAGES.join(' ')} but ${CHROMIUM_PATH} is still missing`);
	}
	log(`installed Chromium in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return CHROMIUM_PATH;
}

function aptGet(args) {
	// Wait for another apt (a parallel test run) instead of failing on its lock.
	return run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', '-q', ...args], {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		capture: true,
	});
}
