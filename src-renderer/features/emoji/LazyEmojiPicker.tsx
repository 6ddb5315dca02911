import { lazy, Suspense } from 'react';
import type { EmojiPickerProps } from './EmojiPicker';

const EmojiPicker = lazy(() => import('./EmojiPicker'));

/** The emoji picker, fetched (with its data) the first time it opens: the app starts without it. */
export function LazyEmojiPicker(props: EmojiPickerProps) {
  return (
    <Suspense fallback={null}>
      <EmojiPicker {...props} />
    </Suspense>
  );
}
