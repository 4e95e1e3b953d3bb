import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';

import { httpStatusOf } from '../FaxCore/providerApi';
import { faxPlusApiRequest } from './faxPlusApi';

/** The trigger's events and the Fax.Plus hook event each one registers. */
export const FAX_PLUS_HOOK_EVENTS: Record<string, string> = {
	'fax.received': 'fax_received',
	'fax.sent': 'fax_sent',
	'fax.page_received': 'fax_page_received',
};

interface FaxPlusHook {
	id: string;
	target: string;
	event: string;
}

function selectedHookEvents(context: IHookFunctions): string[] {
	const events = context.getNodeParameter('events', []) as string[];
	return events.map((event) => FAX_PLUS_HOOK_EVENTS[event]).filter(Boolean);
}

async function findHook(context: IHookFunctions, event: string, target: string) {
	const response = await faxPlusApiRequest<{ data?: FaxPlusHook[] }>(
		context,
		'GET',
		'/hooks',
		`Listing the Fax.Plus webhooks for ${event}`,
		{ qs: { event } },
	);
	return (response.data ?? []).find((hook) => hook.target === target && hook.event === event);
}

/** True when every selected event already has a hook to this trigger; their ids are kept. */
export async function faxPlusHooksExist(this: IHookFunctions): Promise<boolean> {
	const target = this.getNodeWebhookUrl('default') ?? '';
	const hookIds: IDataObject = {};
	for (const event of selectedHookEvents(this)) {
		const hook = await findHook(this, event, target);
		if (!hook) return false;
		hookIds[event] = String(hook.id);
	}
	this.getWorkflowStaticData('node').hookIds = hookIds;
	return true;
}

/** One hook per selected event (reusing any that already points here). */
export async function createFaxPlusHooks(this: IHookFunctions): Promise<boolean> {
	const target = this.getNodeWebhookUrl('default') ?? '';
	const hookIds: IDataObject = {};
	const createdNow: string[] = [];
	const registration = await (async () => {
		for (const event of selectedHookEvents(this)) {
			const existing = await findHook(this, event, target);
			if (existing) {
				hookIds[event] = String(existing.id);
				continue;
			}
			const created = await faxPlusApiRequest<{ id?: string }>(
				this,
				'POST',
				'/hooks',
				`Creating the Fax.Plus webhook for ${event}`,
				{ body: { target, event } },
			);
			if (!created.id) throw new NodeOperationError(this.getNode(), `Fax.Plus returned no id for the ${event} webhook`);
			hookIds[event] = String(created.id);
			createdNow.push(String(created.id));
		}
	})().then(
		() => undefined,
		(error: unknown) => error,
	);
	if (registration !== undefined) {
		// Leave nothing half-registered behind.
		for (const id of createdNow) await deleteHook(this, id).catch(() => undefined);
		throw registration;
	}
	this.getWorkflowStaticData('node').hookIds = hookIds;
	return true;
}

/** Deletes the hooks this trigger registered; one already gone counts as deleted. */
export async function deleteFaxPlusHooks(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const hookIds = (staticData.hookIds ?? {}) as IDataObject;
	const remaining: IDataObject = {};
	for (const [event, id] of Object.entries(hookIds)) {
		try {
			await deleteHook(this, String(id));
		} catch {
			remaining[event] = id;
		}
	}
	if (Object.keys(remaining).length > 0) {
		staticData.hookIds = remaining;
		return false;
	}
	delete staticData.hookIds;
	return true;
}

/** Deletes one hook; one that is already gone counts as deleted. */
async function deleteHook(context: IHookFunctions, id: string) {
	const failure = await faxPlusApiRequest(
		context,
		'DELETE',
		`/hooks/${encodeURIComponent(id)}`,
		'Deleting a Fax.Plus webhook',
	).then(
		() => undefined,
		(error: unknown) => error,
	);
	if (failure !== undefined && httpStatusOf(failure) !== 404) throw failure;
}
