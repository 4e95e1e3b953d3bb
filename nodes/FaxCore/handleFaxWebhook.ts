import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { attachDocument, detectDocumentType, type DocumentMimeType } from './faxDocument';
import type { FaxDocument } from './FaxEvent';
import { buildFaxItemJson } from './FaxEvent';
import type {
	FaxDelivery,
	FaxProviderAdapter,
	FetchedDocument,
	IncomingFaxRequest,
} from './FaxProviderAdapter';
import { whenAnswered } from './acknowledgement';
import { deliveryLedgerFor, type DeliveryLedger } from './deliveryDedupe';
import { DEFAULT_BODY_LIMITS, readWebhookRequest } from './readWebhookRequest';
import { answerAcknowledged, answerFailure, answerRejection } from './webhookAnswers';
import { stepTimer } from './stepTimer';
import { documentToAttach } from './tiffDocument';
import { refuseUnverifiable } from './verificationGuard';
import { malformed, WebhookRejection } from './WebhookRejection';

/**
 * The road every fax webhook takes: is verification configured → admit → read → verify → parse →
 * select → confirm → claim in the ledger → fetch and attach the document (a TIFF as a PDF) → one
 * item, settled in the ledger once n8n answers. Any refusal answers the provider and starts no run.
 */
export async function handleFaxWebhook(
	context: IWebhookFunctions,
	adapter: FaxProviderAdapter,
): Promise<IWebhookResponseData> {
	const request = context.getRequestObject();
	const timer = stepTimer();
	try {
		const incoming: IncomingFaxRequest = {
			context,
			request,
			settings: context.getNodeParameter('settings', {}) as IDataObject,
		};
		await refuseUnverifiable(incoming, adapter);
		await adapter.admit?.(incoming);
		timer.mark('admit');

		const body = await readWebhookRequest(
			request,
			{ ...DEFAULT_BODY_LIMITS, ...adapter.bodyLimits },
			adapter.fileHashes,
			adapter.keepRawBody,
		);
		if (!adapter.acceptedFormats.includes(body.format)) {
			throw malformed(`Expected a ${adapter.acceptedFormats.join(' or ')} body`);
		}
		timer.mark('read');
		await adapter.verify?.(incoming, body);
		timer.mark('verify');

		const delivery = adapter.parse(incoming, body);
		const selectedEvents = context.getNodeParameter('events', []) as string[];
		if (!selectedEvents.includes(delivery.event.event)) {
			return answerAcknowledged(context, `event ${delivery.event.event} is not selected in the trigger`);
		}
		const documentType = delivery.document ? detectDocumentType(delivery.document) : null;
		if (delivery.document && !documentType) {
			throw malformed(`The file part "${delivery.document.fieldName}" is not a PDF or TIFF document`);
		}
		timer.mark('parse');
		await adapter.confirm?.(incoming, delivery);
		timer.mark('confirm');

		const ledger = deliveryLedgerFor(context);
		const key = delivery.deliveryKey;
		const claim = await ledger.claim(key);
		timer.mark('dedupe');
		if (claim === 'duplicate') return answerAcknowledged(context, 'duplicate delivery, already received');
		if (claim === 'inProgress') throw deliveryInProgress();
		try {
			const fetched: FetchedDocument = delivery.document
				? { file: delivery.document }
				: ((await adapter.fetchDocument?.(incoming, delivery)) ?? { file: null });
			timer.mark('fetch');
			const mimeType = delivery.document ? documentType : fetched.file && detectDocumentType(fetched.file);
			const item = await buildItem(incoming, delivery, fetched, mimeType ?? null);
			timer.mark('attach');
			settleWhenAnswered(context, ledger, key);
			context.logger.debug(`Fax webhook started a run (${String(timer)})`, { node: context.getNode().name });
			return { workflowData: [[item]] };
		} catch (error) {
			await ledger.release(key);
			return answerError(context, error);
		}
	} catch (error) {
		return answerError(context, error);
	}
}

/**
 * The delivery counts as received once n8n answers it with a 2xx (the run started or finished,
 * as the Acknowledge Delivery option says). Any other answer releases it, so that the
 * provider's retry starts the run again; no answer at all (n8n died) leaves it claimed but
 * unanswered, which the ledger reads the same way.
 */
function settleWhenAnswered(context: IWebhookFunctions, ledger: DeliveryLedger, key: string) {
	whenAnswered(context.getResponseObject(), (status) => {
		const settled = status >= 200 && status < 300 ? ledger.answered(key) : ledger.release(key);
		settled.catch((error: unknown) =>
			context.logger.error(
				`Fax webhook could not record the answer to a delivery: ${(error as Error).message}. A retry of it may start a second run.`,
				{ node: context.getNode().name },
			),
		);
	});
}

const deliveryInProgress = () =>
	new WebhookRejection(409, 'This fax event is being handled by an earlier delivery; retry later');

function answerError(context: IWebhookFunctions, error: unknown): IWebhookResponseData {
	if (error instanceof WebhookRejection) return answerRejection(context, error);
	return answerFailure(context, error);
}

async function buildItem(
	incoming: IncomingFaxRequest,
	delivery: FaxDelivery,
	{ file, error }: FetchedDocument,
	mimeType: DocumentMimeType | null,
): Promise<INodeExecutionData> {
	const { context, settings } = incoming;
	const item: INodeExecutionData = { json: {} };
	let document: FaxDocument | null = null;
	let documentError = error ?? null;
	// A request's own file was refused before if it was neither; a downloaded one is noted here.
	if (file && !mimeType) documentError = 'The provider sent a document that is not a PDF or TIFF';
	if (file && mimeType) {
		const toAttach = documentToAttach(file, mimeType, settings.convertTiffToPdf !== false);
		const attached = await attachDocument(context, toAttach.file, toAttach.mimeType, delivery.event.faxId);
		item.binary = { [binaryPropertyName(settings)]: attached.binary };
		document = attached.document;
		if (toAttach.originalMimeType) document.originalMimeType = toAttach.originalMimeType;
		documentError = toAttach.conversionError ?? documentError;
	}
	const includeRaw = settings.includeRaw !== false;
	item.json = buildFaxItemJson(
		delivery.event,
		document,
		documentError,
		includeRaw ? delivery.raw : undefined,
	) as unknown as IDataObject;
	return item;
}

function binaryPropertyName(settings: IDataObject): string {
	const name = typeof settings.binaryPropertyName === 'string' ? settings.binaryPropertyName.trim() : '';
	return name === '' ? 'data' : name;
}
