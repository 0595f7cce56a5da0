// The test helpers the benchmark shares (starting the program, the services, dropping a database).
// bench/ and test/ are separate TypeScript projects whose outputs sit one folder deeper (dist/) than
// their sources, so a static relative import would point elsewhere once compiled; the types come
// from a type-only import (checked by tsc through the project reference) and the code from test/dist.
import type * as Services from '../test/harness/services.js';
import type * as DropDatabase from '../test/support/drop-database.js';
import type * as Hl7Feed from '../test/support/hl7-feed.js';
import type * as Hl7FeedCheck from '../test/support/hl7-feed-check.js';
import type * as Hl7Sending from '../test/support/hl7-sending.js';
import type * as ServerProcess from '../test/support/server-process.js';

async function fromTestDist<T>(relative: string): Promise<T> {
  return (await import(new URL(`../../test/dist/${relative}`, import.meta.url).href)) as T;
}

export type { RunningServer, ServerStartOptions } from '../test/support/server-process.js';
/** The benchmark measures the server, not its rate limit (RATE_LIMIT_PER_MINUTE): off in every start. */
export const UNLIMITED = { RATE_LIMIT_PER_MINUTE: '0' } as const;
export const { startServer, withDatabase } = await fromTestDist<typeof ServerProcess>('support/server-process.js');
export const { sharedDataDir, testServices, uniqueDatabaseName } =
  await fromTestDist<typeof Services>('harness/services.js');
export const { dropDatabase } = await fromTestDist<typeof DropDatabase>('support/drop-database.js');
export type { FeedLane } from '../test/support/hl7-feed.js';
export type { Delivered } from '../test/support/hl7-sending.js';
export const { buildFeed, feedMessages } = await fromTestDist<typeof Hl7Feed>('support/hl7-feed.js');
export const { pendingOfFeed } = await fromTestDist<typeof Hl7FeedCheck>('support/hl7-feed-check.js');
export const { sendLanes } = await fromTestDist<typeof Hl7Sending>('support/hl7-sending.js');
