import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodePropertyOptions,
} from 'n8n-workflow';

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

/** The service this activation manages: the one it pointed here, else the one chosen now. */
function servicePath(context: IHookFunctions): string {
	const registered = context.getWorkflowStaticData('node').serviceId;
	const serviceId = String(registered ?? context.getNodeParameter('serviceId', '') ?? '').trim();
	return `/services/${encodeURIComponent(serviceId)}`;
}

async function getService(context: IHookFunctions): Promise<SinchFaxService> {
	return await sinchApiRequest<SinchFaxService>(context, 'GET', servicePath(context), 'Reading the Sinch fax service');
}

/** True when the chosen service already posts to this trigger in the chosen content type. */
export async function sinchServicePointsHere(this: IHookFunctions): Promise<boolean> {
	const service = await getService(this);
	const contentType = this.getNodeParameter('contentType', 'application/json') as string;
	return (
		sameWebhookTarget(service.incomingWebhookUrl, this.getNodeWebhookUrl('default') ?? '') &&
		service.webhookContentType === contentType
	);
}

/** Points the service at the trigger, keeping what it pointed at before for deactivation. */
export async function pointSinchServiceHere(this: IHookFunctions): Promise<boolean> {
	const triggerUrl = this.getNodeWebhookUrl('default') ?? '';
	const credentials = await this.getCredentials<SinchFaxCredentials>('sinchFaxApi');
	const contentType = this.getNodeParameter('contentType', 'application/json') as string;
	const staticData = this.getWorkflowStaticData('node');
	if (staticData.serviceId !== undefined && staticData.serviceId !== this.getNodeParameter('serviceId', '')) {
		// Another service was chosen since the last activation: give the old one back first.
		await restoreSinchService.call(this);
	}
	const service = await getService(this);
	// Never remember our own URL as "previous": restoring it would keep faxes coming here.
	if (!staticData.previousWebhook && !sameWebhookTarget(service.incomingWebhookUrl, triggerUrl)) {
		staticData.previousWebhook = {
			incomingWebhookUrl: service.incomingWebhookUrl ?? '',
			webhookContentType: service.webhookContentType ?? 'application/json',
		} satisfies PreviousServiceWebhook;
	}
	await sinchApiRequest(this, 'PATCH', servicePath(this), 'Pointing the Sinch fax service at this trigger', {
		body: { incomingWebhookUrl: webhookUrlForSinch(triggerUrl, credentials), webhookContentType: contentType },
	});
	staticData.serviceId = String(this.getNodeParameter('serviceId', ''));
	return true;
}

/**
 * Gives the service back the URL and content type it had before activation, unless someone
 * pointed it elsewhere meanwhile.
 */
export async function restoreSinchService(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const previous = staticData.previousWebhook as PreviousServiceWebhook | undefined;
	if (!previous) return true;
	const service = await getService(this);
	if (sameWebhookTarget(service.incomingWebhookUrl, this.getNodeWebhookUrl('default') ?? '')) {
		if (/:\*+@/.test(previous.incomingWebhookUrl)) {
			this.logger.warn(
				'The previous webhook URL of the Sinch fax service had credentials that Sinch masks; it is restored as Sinch showed it, so re-enter its password in Sinch.',
			);
		}
		await sinchApiRequest(this, 'PATCH', servicePath(this), 'Restoring the Sinch fax service webhook', {
			body: previous as unknown as IDataObject,
		});
	}
	delete staticData.previousWebhook;
	delete staticData.serviceId;
	return true;
}

/** The project's fax services, for the node's service list. */
export async function listSinchFaxServices(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await sinchApiRequest<{ services?: SinchFaxService[]; data?: SinchFaxService[] }>(
		this,
		'GET',
		'/services',
		'Listing the Sinch fax services',
		{ qs: { pageSize: 100 } },
	);
	return (response.services ?? response.data ?? [])
		.map((service) => ({ name: service.name ? `${service.name} (${service.id})` : service.id, value: service.id }))
		.sort((a, b) => a.name.localeCompare(b.name));
}
