import { createHash } from 'crypto';

import { FaxServerTrigger } from '../../nodes/FaxServer/FaxServerTrigger.node';
import { faxServerWebhook } from '../../nodes/FaxSimulator/faxServerWebhook';
import { ensureDebianPackages } from '../support/debianPackages';
import { differingPixels, drawFaxPage, FAX_IMAGE_TOOLS, FixtureFolder } from '../support/faxTiffFixtures';
import { binaryBytes, post, startTriggerServer, type TriggerServer } from '../support/triggerServer';

/** A trigger's TIFF document reaches the item as a PDF, unless the option is off or the TIFF cannot be read. */
const SECRET = 'tiff-conversion-secret-0123456789';
const FINE = { x: 204, y: 196 };

let folder: FixtureFolder;
let server: TriggerServer;
beforeAll(() => {
	ensureDebianPackages(FAX_IMAGE_TOOLS);
	folder = new FixtureFolder();
}, 10 * 60_000);
afterAll(() => folder?.remove());
afterEach(async () => await server?.close());

async function deliver(document: Buffer, settings: object = {}) {
	server = await startTriggerServer({
		node: new FaxServerTrigger(),
		webhookPath: 'faxserver',
		parameters: { events: ['fax.received'], settings },
		credentials: { faxServerApi: { secret: SECRET } },
	});
	const request = faxServerWebhook({ secret: SECRET, document, callId: `call-${Math.random()}` });
	expect((await post(server.productionUrl, request.body, request.headers)).status).toBe(200);
	return server.runs[0].items[0];
}

it('attaches a two-page G4 fax TIFF as a PDF whose pages draw exactly as the TIFF', async () => {
	const pages = [drawFaxPage(1728, 400, 1), drawFaxPage(1728, 400, 2)];
	const tiff = folder.makeTiff(pages, { resolution: FINE, tiffcp: ['-c', 'g4'] });
	const item = await deliver(tiff);
	const pdf = binaryBytes(item);
	expect(item.json.document).toEqual({
		fileName: expect.stringMatching(/^fax-.+\.pdf$/),
		mimeType: 'application/pdf',
		originalMimeType: 'image/tiff',
		size: pdf.length,
		sha256: createHash('sha256').update(pdf).digest('hex'),
	});
	expect(item.json.documentError).toBeNull();
	expect(item.binary?.data.mimeType).toBe('application/pdf');
	const drawn = folder.pdfPages(pdf, FINE.x, FINE.y);
	const decoded = folder.tiffPages(tiff);
	expect(drawn).toHaveLength(2);
	drawn.forEach((page, index) => expect(differingPixels(decoded[index], page)).toBe(0));
});

it('keeps the TIFF when Convert TIFF to PDF is off', async () => {
	const tiff = folder.makeTiff([drawFaxPage(864, 200, 3)], { resolution: FINE, tiffcp: ['-c', 'g3'] });
	const item = await deliver(tiff, { convertTiffToPdf: false });
	expect(item.json.document).toMatchObject({ mimeType: 'image/tiff' });
	expect(item.json.document).not.toHaveProperty('originalMimeType');
	expect(binaryBytes(item).equals(tiff)).toBe(true);
});

it('attaches a TIFF it cannot convert as it came, saying why', async () => {
	const broken = folder.makeTiff([drawFaxPage(864, 200, 4)], { resolution: FINE, tiffcp: ['-c', 'g4'] }).subarray(0, 120);
	const item = await deliver(broken);
	expect(item.json.document).toMatchObject({ mimeType: 'image/tiff', size: broken.length });
	expect(item.json.documentError).toMatch(/^The TIFF was attached as it came, not as a PDF: /);
	expect(binaryBytes(item).equals(broken)).toBe(true);
});
