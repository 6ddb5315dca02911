/** Text people give as names (channels, people, meetings), cleaned before anyone else sees it. */

/**
 * Unicode's bidirectional formatting controls (embeddings, overrides, isolates and the
 * implicit marks): in a name they can make `gpj.exe` read as `exe.jpg` or reorder a link, and
 * a name never needs them.
 */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text without bidirectional formatting controls. */
export function stripBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}
