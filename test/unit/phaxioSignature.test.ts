import { createHash, createHmac } from 'crypto';

import {
	computePhaxioSignature,
	phaxioSignedString,
	verifyPhaxioSignature,
} from '../../nodes/Phaxio/phaxioSignature';
import { samplePdf } from '../../nodes/FaxSimulator/samplePdf';

const sha1 = (content: Buffer) => createHash('sha1').update(content).digest('hex');
const testField = [{ name: 'test', value: 'true' }];

describe('Phaxio signature', () => {
	it.each([
		['test-webhook-token', '64a735ef0c47a0ae671e381c046648f0966deb29'],
		['test-callback-token', '663099785e5eff09f0cd6f2bd5d78c852f3b670d'],
		['1234567890', '15adeecb7eca79676ece07ee4bc1bbba2c69eddd'],
	])('matches Phaxio\'s published vector for token %s', (token, expected) => {
		expect(computePhaxioSignature(token, 'example.com', testField, [])).toBe(expected);
	});

	it('matches Phaxio\'s published vector with two empty file parts', () => {
		const empty = sha1(Buffer.alloc(0));
		const files = [
			{ fieldName: 'file', sha1: empty },
			{ fieldName: 'file', sha1: empty },
		];
		expect(computePhaxioSignature('test-webhook-token', 'example.com', testField, files)).toBe(
			'1d2426c242a8c5de7eb1d9b662b7fda1d0b6edab',
		);
	});

	it('signs a real PDF part by its SHA-1, after the fields sorted by name', () => {
		const pdf = samplePdf('Invoice 42');
		const url = 'https://n8n.example.com/webhook/abc/phaxio';
		const fields = [
			{ name: 'fax', value: '{"id":1}' },
			{ name: 'event_type', value: 'fax_completed' },
			{ name: 'direction', value: 'received' },
		];
		const expected = createHmac('sha1', 'token')
			.update(`${url}directionreceivedevent_typefax_completedfax{"id":1}file${sha1(pdf)}`)
			.digest('hex');
		expect(computePhaxioSignature('token', url, fields, [{ fieldName: 'file', sha1: sha1(pdf) }])).toBe(
			expected,
		);
	});

	it('keeps the query string and the trailing slash of the signed URL', () => {
		const withQuery = 'https://n8n.example.com/webhook/abc/phaxio/?source=phaxio&x=1';
		expect(phaxioSignedString(withQuery, testField, [])).toBe(`${withQuery}testtrue`);
		const signature = computePhaxioSignature('token', withQuery, testField, []);
		expect(signature).toBe(createHmac('sha1', 'token').update(`${withQuery}testtrue`).digest('hex'));
		for (const other of [
			'https://n8n.example.com/webhook/abc/phaxio?source=phaxio&x=1',
			'https://n8n.example.com/webhook/abc/phaxio/',
		]) {
			expect(
				verifyPhaxioSignature({ webhookToken: 'token', signature, urls: [other], fields: testField, files: [] }),
			).toBe(false);
		}
	});

	it('keeps the wire order of repeated field names', () => {
		const fields = [
			{ name: 'tag', value: 'b' },
			{ name: 'a', value: '1' },
			{ name: 'tag', value: 'a' },
		];
		expect(phaxioSignedString('u', fields, [])).toBe('ua1tagbtaga');
	});

	it('accepts the right signature in any letter case and refuses a changed one', () => {
		const signature = computePhaxioSignature('token', 'u', testField, []);
		const check = (candidate: string | undefined, token = 'token') =>
			verifyPhaxioSignature({ webhookToken: token, signature: candidate, urls: ['u'], fields: testField, files: [] });
		expect(check(signature)).toBe(true);
		expect(check(signature.toUpperCase())).toBe(true);
		expect(check(`${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`)).toBe(false);
		expect(check(signature.slice(0, 20))).toBe(false);
		expect(check(undefined)).toBe(false);
		expect(check(signature, '')).toBe(false);
		expect(check(signature, 'other-token')).toBe(false);
	});
});
