// Every @AuraEnabled method of the project's Apex as a jest mock, registered once for all LWC tests: a cacheable
// method is a wire adapter (emit data or errors to it), any other a jest.fn() (mockResolvedValue, mockRejectedValue).
// Tests import the method as the component does and drive it; none repeats jest.mock blocks.
const { readdirSync, readFileSync } = require('fs');
const { join } = require('path');

const CLASSES = join(__dirname, '../../main/default/classes');
const METHOD = /@AuraEnabled(\([^)]*\))?\s+public\s+static\s+[\w<>.,\s]+?\s(\w+)\s*\(/g;

for (const file of readdirSync(CLASSES).filter((name) => name.endsWith('.cls'))) {
    const className = file.slice(0, -'.cls'.length);
    for (const [, annotation, method] of readFileSync(join(CLASSES, file), 'utf8').matchAll(METHOD)) {
        const cacheable = /cacheable\s*=\s*true/i.test(annotation ?? '');
        jest.doMock(
            `@salesforce/apex/${className}.${method}`,
            () => {
                const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
                return { default: cacheable ? createApexTestWireAdapter(jest.fn()) : jest.fn() };
            },
            { virtual: true }
        );
    }
}
