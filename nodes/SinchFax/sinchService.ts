import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';

import { withHintInMessage } from '../FaxCore/providerApi';
import { withoutCredentials } from '../FaxCore/providerFacingUrl';
import { sinchApiRequest, type SinchFaxCredentials } from './sinchApi';

interface SinchFaxService {
	id: string;
	name?: string;
	incomingWebhookUrl?: string;
	webhookContentType?: string;
}

interface PreviousServiceWebhook {
	incomingWebhookUrl: string;
	webhookContentType: string;
}

/** The URL Sinch posts to: the trigger's, with the webhook basic-auth pair embedded when set. */
export function webhookUrlForSinch(triggerUrl: string, credentials: SinchFaxCredentials): string {
	if (!credentials.webhookUsername || !credentials.webhookPassword) return triggerUrl;
	const url = new URL(triggerUrl);
	url.username = encodeURIComponent(credentials.webhookUsername);
	url.password = encodeURIComponent(credentials.webhookPassword);
	return url.toString();
}

/** Sinch masks embedded credentials when it reads a URL back: compare without them. */
function sameWebhookTarget(a: string | undefined, b: string): boolean {
	if (!a) return false;
	return withoutCredentials(a) === withoutCredentials(b);
}

/** The service chosen in the node now. */
function chosenServiceId(context: IHookFunctions): string {
	return String(context.getNodeParameter('serviceId', '') ?? '').trim();
}

async function getService(context: IHookFunctions, serviceId: string): Promise<SinchFaxService> {
	return await sinchApiRequest<SinchFaxService>(
		context,
		'GET',
		`/services/${encodeURIComponent(serviceId)}`,
		'Reading the Sinch fax service',
	);
}

/**
 * True when this trigger manages the chosen service and it already posts here in the chosen
 * content type. A service chosen since the last activation is not connected yet, whatever it
 * points at: activation must connect it (and give the previous one back).
 */
export async function sinchServicePointsHere(this: IHookFunctions): Promise<boolean> {
	const serviceId = chosenServiceId(this);
	const registered = this.getWorkflowStaticData('node').serviceId;
	if (registered !== undefined && registered !== serviceId) return false;
	const service = await getService(this, serviceId);
	const contentType = this.getNodeParameter('contentType', 'application/json') as string;
	const pointsHere =
		sameWebhookTarget(service.incomingWebhookUrl, this.getNodeWebhookUrl('default') ?? '') &&
		service.webhookContentType === contentType;
	if (pointsHere) this.getWorkflowStaticData('node').serviceId = serviceId;
	return pointsHere;
}

/** Points the chosen service at the trigger, keeping what it pointed at before for deactivation. */
export async function pointSinchServiceHere(this: IHookFunctions): Promise<boolean> {
	const serviceId = chosenServiceId(this);
	const triggerUrl = this.getNodeWebhookUrl('default') ?? '';
	const credentials = await this.getCredentials<SinchFaxCredentials>('sinchFaxApi');
	const contentType = this.getNodeParameter('contentType', 'application/json') as string;
	const staticData = this.getWorkflowStaticData('node');
	if (staticData.serviceId !== undefined && staticData.serviceId !== serviceId) {
		// Another service was chosen since the last activation: give the old one back first.
		await restoreSinchService.call(this);
	}
	const service = await getService(this, serviceId);
	// Never remember our own URL as "previous": restoring it would keep faxes coming here.
	if (!staticData.previousWebhook && !sameWebhookTarget(service.incomingWebhookUrl, triggerUrl)) {
		staticData.previousWebhook = {
			incomingWebhookUrl: service.incomingWebhookUrl ?? '',
			webhookContentType: service.webhookContentType ?? 'application/json',
		} satisfies PreviousServiceWebhook;
	}
	await sinchApiRequest(
		this,
		'PATCH',
		`/services/${encodeURIComponent(serviceId)}`,
		'Pointing the Sinch fax service at this trigger',
		{ body: { incomingWebhookUrl: webhookUrlForSinch(triggerUrl, credentials), webhookContentType: contentType } },
	);
	staticData.serviceId = serviceId;
	return true;
}

/**
 * Gives the managed service back the URL and content type it had before activation, unless
 * someone pointed it elsewhere meanwhile, and forgets which service this trigger managed.
 */
export async function restoreSinchService(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const previous = staticData.previousWebhook as PreviousServiceWebhook | undefined;
	const serviceId = String(staticData.serviceId ?? chosenServiceId(this));
	if (previous) {
		const service = await getService(this, serviceId);
		if (sameWebhookTarget(service.incomingWebhookUrl, this.getNodeWebhookUrl('default') ?? '')) {
			if (/:\*+@/.test(previous.incomingWebhookUrl)) {
				this.logger.warn(
					'The previous webhook URL of the Sinch fax service had credentials that Sinch masks; it is restored as Sinch showed it, so re-enter its password in Sinch.',
				);
			}
			await sinchApiRequest(
				this,
				'PATCH',
				`/services/${encodeURIComponent(serviceId)}`,
				'Restoring the Sinch fax service webhook',
				{ body: previous as unknown as IDataObject },
			);
		}
	}
	delete staticData.previousWebhook;
	delete staticData.serviceId;
	return true;
}

/** The project's fax services, for the node's service list. */
export async function listSinchFaxServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await withHintInMessage(
		this.getNode(),
		async () =>
			await sinchApiRequest<{ services?: SinchFaxService[]; data?: SinchFaxService[] }>(this, 'GET', '/services', 'Listing the Sinch fax services', {
				qs: { pageSize: 100 },
			}),
	);
	return (response.services ?? response.data ?? [])
		.map((service) => ({ name: service.name ? `${service.name} (${service.id})` : service.id, value: service.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
