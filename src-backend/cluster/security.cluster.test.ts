/**
 * The leak test and the authorization matrix across processes (SPEC 10, issue 22 item 4): the
 * very scenarios of src-backend/security.backend.test.ts (../testing/securityScenarios.ts), each
 * on a deployment of two backends started by the CLI on one PostgreSQL and one Redis, clients
 * spread over both in turn, support changes made on a third node, HTTP requests answered by a
 * process other than the one that stored what they ask for.
 * `npx vitest run --project cluster src-backend/cluster/security.cluster.test.ts`.
 */
import { afterAll } from 'vitest';
import { startClusterDeployment, stopClusterServices, type ClusterDeployment } from '../testing/clusterDeployment';
import { richSeed } from '../testing/richSeed';
import { defineSecurityScenarios } from '../testing/securityScenarios';
import { relaxedLimits } from '../testing/testServer';

// The relaxed limits, within what a --limits file accepts (inbound bytes up to 1e9 a second).
const limits = { ...relaxedLimits, inboundBytes: { burst: 1e9, perSecond: 1e9 } };

/**
 * Cases that change what later ones rely on get a deployment of their own (9 in this file). Each
 * is started while the one before is in use, so a case seldom waits for processes to start.
 */
let nextDeployment: Promise<ClusterDeployment> | null = null;
const startDeployment = () => {
  const starting = startClusterDeployment(richSeed(), { processes: 2, supportToken: 'matrix-support-token', limits });
  starting.catch(() => undefined);
  return starting;
};

// Registered first so it runs last (after hooks run in reverse): once every deployment is closed.
afterAll(async () => {
  const spare = nextDeployment;
  nextDeployment = null;
  if (spare) await (await spare).close();
  await stopClusterServices();
}, 120_000);

defineSecurityScenarios({
  start: () => {
    const taken = nextDeployment ?? startDeployment();
    nextDeployment = startDeployment();
    return taken;
  },
  // Every store call a round trip to PostgreSQL, every event to another process one through Redis.
  leakTimeoutMs: 240_000,
});
