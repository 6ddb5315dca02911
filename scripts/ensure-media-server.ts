// Finds (or installs) Janus, the media server meetings go through, and says what it did. Never
// fails: without it the backend runs and meetings fall back (src-backend/media/ensureJanus.ts).
import { ensureJanus } from '../src-backend/media/ensureJanus';

ensureJanus();
