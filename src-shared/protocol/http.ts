/** Plain HTTP endpoints of the backend, beside the socket protocol. */
import { z } from 'zod';
import { withoutNul } from './validate';

export const httpPaths = {
  health: '/health',
  /** POST signs in; GET (with the token) resumes a session; DELETE signs out. */
  signIn: '/api/session',
  demoPeople: '/api/demo-people',
  /** Demo data only: signs a listed demo person in with one click. */
  demoSignIn: '/api/demo-session',
} as const;

/**
 * What kind of client holds a session: a browser page's session also ends after 12 hours unused
 * (SPEC 8); the desktop app's only after 30 days, like every session.
 */
export const sessionClientSchema = z.enum(['browser', 'desktop']);
export type SessionClientKind = z.infer<typeof sessionClientSchema>;

/** Body of a sign-in request (`POST /api/session`). */
export const signInRequestSchema = withoutNul(
  z
    .object({
      email: z.string().trim().min(1, 'Enter your email.').max(320),
      password: z.string().min(1, 'Enter your password.').max(1000),
      client: sessionClientSchema.optional(),
    })
    .strict(),
);
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Body of a demo sign-in (`POST /api/demo-session`), accepted only when the backend runs demo data. */
export const demoSignInRequestSchema = withoutNul(z.object({ email: z.string().trim().min(1).max(320), client: sessionClientSchema.optional() }).strict());

/** How long any session lasts, however much it is used (SPEC 8). */
export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
/** How long a browser session lasts unused (SPEC 8). */
export const browserSessionIdleMs = 12 * 60 * 60 * 1000;
