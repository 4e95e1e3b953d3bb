import { ensureDebianPackages } from '../support/debianPackages';

describe('ensureDebianPackages', () => {
	afterEach(() => jest.restoreAllMocks());

	it('does nothing when every command is on PATH', () => {
		expect(() => ensureDebianPackages({ sh: 'dash', ls: 'coreutils' })).not.toThrow();
	});

	it('without root, names the packages to install for the missing commands only', () => {
		jest.spyOn(process, 'getuid').mockReturnValue(1000);
		expect(() => ensureDebianPackages({ sh: 'dash', 'no-such-fax-tool': 'fax-tools', 'no-such-fax-viewer': 'fax-tools' })).toThrow(
			'These tests need no-such-fax-tool, no-such-fax-viewer: install the Debian package(s) fax-tools (apt-get install -y --no-install-recommends fax-tools).',
		);
	});
});
