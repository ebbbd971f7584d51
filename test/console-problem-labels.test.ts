import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_TEXTS } from '../bridge/src/sync/validation/problems.ts';

/**
 * The console shows each of the bridge's problem codes with its own Custom Label (so it translates): one label per
 * code, one code per label, each label imported by the console's problem table, and no label naming a parameter the
 * bridge does not send.
 */

const FORCE_APP = fileURLToPath(new URL('../force-app/main/default/', import.meta.url));
const PREFIX = 'Reply_Sync_Problem_';

const labelOf = (code: string) =>
    PREFIX +
    code
        .split('_')
        .map((word) => word[0] + word.slice(1).toLowerCase())
        .join('_');

const xml = new XMLParser({ isArray: (name) => name === 'labels' }).parse(
    readFileSync(`${FORCE_APP}labels/CustomLabels.labels-meta.xml`, 'utf8')
) as { CustomLabels: { labels: { fullName: string; value: string }[] } };
const labels = new Map(xml.CustomLabels.labels.map((label) => [label.fullName, String(label.value)]));
const consoleTable = readFileSync(`${FORCE_APP}lwc/replySyncProblems/labels.js`, 'utf8');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

describe('problem labels', () => {
    it('give every problem code of the bridge its Custom Label, imported by the console under that code', () => {
        const missing = PROBLEM_CODES.filter((code) => !labels.has(labelOf(code)));
        expect(missing, 'codes without a Custom Label').toEqual([]);
        for (const code of PROBLEM_CODES) {
            expect(consoleTable, code).toContain(`import ${code} from '@salesforce/label/c.${labelOf(code)}';`);
        }
    });

    it('have no label or console entry for a code the bridge does not have', () => {
        const codes = new Set(PROBLEM_CODES.map(labelOf));
        const orphans = [...labels.keys()].filter((name) => name.startsWith(PREFIX) && !codes.has(name));
        expect(orphans, 'labels without a problem code').toEqual([]);
        const imported = [...consoleTable.matchAll(/^import (\w+) from/gm)].map((match) => match[1]);
        expect(imported.filter((code) => !(code! in PROBLEM_TEXTS))).toEqual([]);
        expect(imported).toHaveLength(PROBLEM_CODES.length);
    });

    it('name only parameters the bridge fills for that code', () => {
        for (const code of PROBLEM_CODES) {
            const sent = new Set(placeholders(PROBLEM_TEXTS[code]));
            const named = placeholders(labels.get(labelOf(code)) ?? '');
            expect(
                named.filter((name) => !sent.has(name)),
                `${labelOf(code)} names a parameter the bridge does not send`
            ).toEqual([]);
        }
    });
});
