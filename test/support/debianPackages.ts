import { execFileSync, spawnSync } from 'child_process';

let aptIndexUpdated = false;

/**
 * Makes sure each command exists, installing its Debian package when it does not: as root with
 * apt-get (one `apt-get update` per process), otherwise by failing with what to install.
 * `needs` maps a command to the Debian package that provides it.
 */
export function ensureDebianPackages(needs: Record<string, string>): void {
	const missing = Object.keys(needs).filter((command) => !commandExists(command));
	if (missing.length === 0) return;
	const packages = [...new Set(missing.map((command) => needs[command]))];
	const install = installDebianPackages(packages, missing.join(', '));
	const stillMissing = missing.filter((command) => !commandExists(command));
	if (stillMissing.length > 0) {
		throw new Error(`${install} ran but ${stillMissing.join(', ')} still cannot be found on PATH.`);
	}
}

/**
 * Installs the packages as root with apt-get (one `apt-get update` per process), otherwise fails
 * saying what `wantedFor` needs. Returns the install command, for messages.
 */
export function installDebianPackages(packages: string[], wantedFor: string): string {
	const install = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
	if (process.getuid?.() !== 0 || !commandExists('apt-get')) {
		throw new Error(`These tests need ${wantedFor}: install the Debian package(s) ${packages.join(', ')} (${install}).`);
	}
	if (!aptIndexUpdated) {
		apt(['update']);
		aptIndexUpdated = true;
	}
	apt(['install', '-y', '--no-install-recommends', ...packages]);
	return install;
}

function commandExists(command: string): boolean {
	return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0;
}

function apt(args: string[]): void {
	try {
		execFileSync('apt-get', args, { stdio: 'pipe', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	} catch (error) {
		const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').slice(-5).join('\n') ?? '';
		throw new Error(`apt-get ${args.join(' ')} failed: ${stderr || (error as Error).message}`);
	}
}
