import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { runFaxOperations } from '../../FaxCore/actions/runFaxOperations';
import * as fax from './fax';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await runFaxOperations(this, {
		fax: {
			send: fax.send.execute,
			get: fax.get.execute,
			download: fax.download.execute,
			getMany: fax.getMany.execute,
			cancel: fax.cancel.execute,
		},
	});
}
