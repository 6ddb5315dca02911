/**
 * Vitest setup file of the backend suites (vitest.config.ts): passwords are hashed and checked at
 * scrypt N = 2^10 instead of the product's 2^15, except in the files that are about that cost.
 *
 * Why: every sign-in checks a password, and at the product's strength that is ~70 ms of CPU on a
 * 2-core machine (120 ms when loaded). The suites sign in thousands of times; measured on
 * conversationHandlers + the support console, the derivations were about a third of the CPU the
 * two files used. What those tests check is who may do what once signed in, not the cost of a
 * guess. The files in `productCost` keep the product's parameters, and they are where the cost
 * is asserted: every stored hash at N = 2^15 (seed passwords at load, added people, renewed
 * hashes) and a wrong password costing the same whatever the email (limits.backend.test.ts).
 * The processes the cluster suite and the end-to-end tests start by the CLI, and the benchmarks,
 * run at the product's cost; the backends the end-to-end tests start in their workers run at this
 * file's (e2e/fixtures.ts).
 *
 * Only the N of the parameters in force changes; the code that hashes, verifies and renews is the
 * product's own, and a hash still says its own parameters.
 */
import path from 'node:path';
import { expect } from 'vitest';
import { strongParameters } from '../auth/passwords';
import { testPasswordN } from './testPasswordCost';

/** Test files that assert the product's password cost, and so run at it. */
const productCost = ['src-backend/limits.backend.test.ts'];

// The product's N, as passwords.ts had it before any file here changed it. The suites share their
// modules between the files of a worker (vitest.config.ts: isolate off), and this file runs before
// each, so it sets N either way, and keeps the product's where every file of the worker finds it.
const stash = globalThis as { meridianProductPasswordN?: number };
stash.meridianProductPasswordN ??= strongParameters.N;
const testFile = expect.getState().testPath ?? '';
const root = path.resolve(__dirname, '../..');
strongParameters.N = productCost.includes(path.relative(root, testFile).split(path.sep).join('/')) ? stash.meridianProductPasswordN : testPasswordN;
