/**
 * Imported first by main.tsx, before any schema is built: the page's Content Security Policy
 * forbids eval, and zod would otherwise probe for it when its first object schema is built (a
 * caught `new Function`), which the page reports as a policy violation. Without eval zod parses
 * with its interpreter, which is what it falls back to under the policy anyway.
 */
import { z } from 'zod';

z.config({ jitless: true });
