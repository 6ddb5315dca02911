/**
 * The page's style nonce (see src-shared/protocol/contentSecurityPolicy.ts), handed to the one
 * library that inserts <style> elements (react-style-singleton, under Radix UI's dialogs) before
 * anything renders. Chromium hides a nonce attribute's value from getAttribute; the property keeps it.
 */
import { setNonce } from 'get-nonce';

const nonce = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce;
if (nonce) setNonce(nonce);
