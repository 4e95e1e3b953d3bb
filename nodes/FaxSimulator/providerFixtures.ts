import { existsSync, readFileSync } from 'fs';
import path from 'path';

/**
 * The payloads the simulator starts from: the golden fixtures taken from each provider's own
 * documents (test/fixtures in the repository; the build copies them to dist/fixtures, which is
 * what the published simulator reads).
 */
const FIXTURE_DIRECTORIES = [
	path.resolve(__dirname, '../../fixtures'),
	path.resolve(__dirname, '../../test/fixtures'),
];

const loaded = new Map<string, unknown>();

/** A fresh copy of the `payload` of `<provider>/<name>.json`, to change at will. */
export function providerFixturePayload<T>(name: string): T {
	let payload = loaded.get(name);
	if (payload === undefined) {
		const directory = FIXTURE_DIRECTORIES.find((candidate) => existsSync(path.join(candidate, name)));
		if (!directory) {
			throw new Error(`The simulator's fixture ${name} is missing: build the package (npm run build) to copy the fixtures`);
		}
		payload = (JSON.parse(readFileSync(path.join(directory, name), 'utf8')) as { payload: unknown }).payload;
		loaded.set(name, payload);
	}
	return structuredClone(payload) as T;
}
