/**
 * The leak test and the authorization matrix across processes (SPEC 10, issue 22 item 4): the
 * very scenarios of src-backend/security.backend.test.ts (../testing/securityScenarios.ts), each
 * on a deployment of two backends started by the CLI on one PostgreSQL and one Redis, clients
 * spread over both in turn, support changes made on a third node, HTTP requests answered by a
 * process other than the one that stored what they ask for.
 * `npx vitest run --project cluster src-backend/cluster/security.cluster.test.ts`.
 */
import { afterAll } from 'vitest';
import { startClusterDeployment, stopClusterServices } from '../testing/clusterDeployment';
import { richSeed } from '../testing/richSeed';
import { defineSecurityScenarios } from '../testing/securityScenarios';
import { relaxedLimits } from '../testing/testServer';

// Registered first so it runs last (after hooks run in reverse): once every deployment is closed.
afterAll(() => stopClusterServices(), 60_000);

defineSecurityScenarios({
  start: () => startClusterDeployment(richSeed(), { processes: 2, supportToken: 'matrix-support-token', limits: relaxedLimits }),
  // Every store call a round trip to PostgreSQL, every event to another process one through Redis.
  leakTimeoutMs: 240_000,
});
