/** Plain HTTP endpoints of the backend, beside the socket protocol. */
import { z } from 'zod';

export const httpPaths = {
  health: '/health',
  signIn: '/api/session',
  demoPeople: '/api/demo-people',
  /** Demo data only: signs a listed demo person in with one click. */
  demoSignIn: '/api/demo-session',
} as const;

/** Body of a sign-in request (`POST /api/session`). */
export const signInRequestSchema = z
  .object({
    email: z.string().trim().min(1, 'Enter your email.').max(320),
    password: z.string().min(1, 'Enter your password.').max(1000),
  })
  .strict();
export type SignInRequest = z.infer<typeof signInRequestSchema>;

/** Body of a demo sign-in (`POST /api/demo-session`), accepted only when the backend runs demo data. */
export const demoSignInRequestSchema = z.object({ email: z.string().trim().min(1).max(320) }).strict();
