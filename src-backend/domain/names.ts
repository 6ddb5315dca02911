/**
 * Names no person may have (issue 18 #8): `UNKNOWN USER` is what everyone a viewer does not see is
 * shown as (SPEC 1 rule 7), so a real person named so, or anything that reads so (other case,
 * look-alike letters of other scripts, full-width forms, spaces or none, invisible characters),
 * could pass for someone unseen. Compared by a skeleton: NFKC, look-alikes to Latin (the
 * `confusables` package, from Unicode's list), letters only, upper case.
 */
import { remove as withoutConfusables } from 'confusables';
import { UNKNOWN_USER } from '../../src-shared/protocol/model';

const skeleton = (name: string) =>
  withoutConfusables(name.normalize('NFKC'))
    .normalize('NFKD')
    .replace(/0/g, 'O')
    .replace(/[^\p{L}]/gu, '')
    .toUpperCase();

const reserved = new Set([skeleton(UNKNOWN_USER)]);

/** Why a person may not be named `name`, or null when they may. */
export function reservedNameRefusal(name: string): string | null {
  return reserved.has(skeleton(name)) ? `"${name}" reads as ${UNKNOWN_USER}, which is how people one does not see are shown: choose another name.` : null;
}
