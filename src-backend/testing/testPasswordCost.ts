/**
 * The scrypt N the tests hash and check passwords at, instead of the product's 2^15: still scrypt
 * with r = 8, p = 1, a derivation of about 1 ms. Set by the backend suites' setup file
 * (./passwordCost.ts, which says why and which files keep the product's cost) and by the
 * end-to-end fixtures for the backends they start in their workers (e2e/fixtures.ts).
 */
export const testPasswordN = 2 ** 10;
