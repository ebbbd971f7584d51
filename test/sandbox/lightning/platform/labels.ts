import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** force-app's Custom Labels by name, as Salesforce serves them (`@salesforce/label/c.X`, Apex `Label.X`). */
export function loadLabels(projectDir: string): Map<string, string> {
    const file = join(projectDir, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
    const xml = new XMLParser({ isArray: (name) => name === 'labels', parseTagValue: false }).parse(
        readFileSync(file, 'utf8')
    ) as { CustomLabels: { labels: { fullName: string; value: string }[] } };
    return new Map(xml.CustomLabels.labels.map((label) => [label.fullName, String(label.value)]));
}

/** A label with its {0}, {1} filled, as Apex's String.format does. */
export function formatLabel(labels: Map<string, string>, name: string, ...values: unknown[]): string {
    const template = labels.get(name);
    if (template === undefined) throw new Error(`no Custom Label ${name}`);
    return template.replace(/\{(\d+)\}/g, (placeholder, index: string) =>
        values[Number(index)] === undefined ? placeholder : String(values[Number(index)])
    );
}
