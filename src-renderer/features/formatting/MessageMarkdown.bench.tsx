/**
 * `npm run bench:markdown`: what a message costs to show (parse and render), for the worst
 * inputs known (./pathologicalInputs.ts, 10,000 characters each: the most a message holds) beside
 * plain prose of the same length. Each text is made new per iteration so the parse cache does not
 * answer. Figures and what they were before are in docs/PERFORMANCE.md.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { bench, describe } from 'vitest';
import { MessageMarkdown } from './MessageMarkdown';
import { pathologicalInputs } from './pathologicalInputs';

let counter = 0;
const inputs = { 'plain prose (the baseline)': 'hello world, how are you today? '.repeat(312), ...pathologicalInputs() };

describe('one message of 10,000 characters, parsed and rendered', () => {
  for (const [name, text] of Object.entries(inputs)) {
    bench(name, () => void renderToStaticMarkup(<MessageMarkdown text={`${text}${counter++}`} />), { time: 500, iterations: 5 });
  }
});
