import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type Icon,
	type IHookFunctions,
	type INodeCredentialDescription,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import type { FaxProviderAdapter } from './FaxProviderAdapter';
import { handleFaxWebhook } from './handleFaxWebhook';
import { eventsParameter, faxWebhook, rawRequestSwitch, settingsCollection } from './triggerProperties';
import { assertVerificationConfigured } from './verificationGuard';

/** What a provider's trigger node says about itself; the core adds the rest. */
export interface FaxTriggerShape<Methods extends INodeType['methods'] = undefined> {
	displayName: string;
	name: string;
	icon: Icon;
	description: string;
	credentials: INodeCredentialDescription[];
	/** The last segment of the webhook URL. */
	webhookPath: string;
	/** Parameters shown above the events (authentication, the provider's resource). */
	properties?: INodeProperties[];
	/** Parameters shown below the events (notices that depend on them). */
	propertiesAfterEvents?: INodeProperties[];
	/** The provider's own options, added to the shared ones in the Options collection. */
	settings?: INodeProperties[];
	/** How to make a test event reach the Test URL, for the trigger panel ("…, then …"). */
	testEvent: string;
	methods?: Methods;
}

/**
 * n8n's notification for a workflow that could not be published (or activated) shows an error's
 * message only: what to check, which our errors keep in their description, goes into it too.
 */
async function withHintInMessage<T>(context: IHookFunctions, activation: () => Promise<T>): Promise<T> {
	try {
		return await activation();
	} catch (error) {
		const nodeError =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		const hint = nodeError.description?.trim();
		if (hint && !nodeError.message.includes(hint)) nodeError.message = `${nodeError.message.replace(/\.?$/, '.')} ${hint}`;
		throw nodeError;
	}
}

/** The canvas subtitle: the names of the chosen events, as the user picked them. */
function eventNamesSubtitle(adapter: FaxProviderAdapter): string {
	const names = JSON.stringify(Object.fromEntries(adapter.events.map((event) => [event.value, event.name])));
	return `={{$parameter["events"].map(event => (${names})[event] || event).join(", ")}}`;
}

/**
 * A fax trigger node for one provider: its description, the `events` and `settings`
 * parameters, activation guarded by the adapter's verification decision and followed by its
 * registration, and every request handed to the shared road. Use as
 * `export class XTrigger extends defineFaxTrigger(xAdapter, { … }) {}`.
 */
export function defineFaxTrigger<Methods extends INodeType['methods'] = undefined>(
	adapter: FaxProviderAdapter,
	shape: FaxTriggerShape<Methods>,
) {
	const { registration } = adapter;
	return class FaxTrigger implements INodeType {
		description: INodeTypeDescription = {
			displayName: shape.displayName,
			name: shape.name,
			icon: shape.icon,
			group: ['trigger'],
			version: 1,
			subtitle: eventNamesSubtitle(adapter),
			description: shape.description,
			defaults: { name: shape.displayName },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			credentials: shape.credentials,
			webhooks: faxWebhook(shape.webhookPath),
			triggerPanel: {
				header: '',
				executionsHelp: {
					inactive: `<b>While building your workflow</b>, click "Execute step" above, then ${shape.testEvent}. The event shows up in this editor.<br /><br /><b>Once you're happy with your workflow</b>, publish it (n8n 1.x: activate it). Then every event reaching the Production URL starts a run, listed under Executions but not shown here.`,
					active: `<b>While building your workflow</b>, click "Execute step" above, then ${shape.testEvent}.<br /><br /><b>Your workflow is live</b>: every event reaching the Production URL starts a run, listed under Executions.`,
				},
				activationHint: 'Once you have finished building your workflow, publish it (n8n 1.x: activate it) to have it listen to the Production URL.',
			},
			properties: [
				...(shape.properties ?? []),
				eventsParameter(adapter.events),
				...(shape.propertiesAfterEvents ?? []),
				settingsCollection(shape.settings ?? []),
				rawRequestSwitch,
			],
		};

		methods = shape.methods as Methods;

		webhookMethods = {
			default: {
				async checkExists(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this, async () => {
						await assertVerificationConfigured(this, adapter);
						return registration ? await registration.checkExists(this) : false;
					});
				},
				async create(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this, async () => {
						await assertVerificationConfigured(this, adapter);
						return registration ? await registration.create(this) : true;
					});
				},
				async delete(this: IHookFunctions): Promise<boolean> {
					return await withHintInMessage(this, async () => (registration ? await registration.delete(this) : true));
				},
			},
		};

		async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
			return await handleFaxWebhook(this, adapter);
		}
	};
}
