// Custom Labels resolve to their real text in tests (the LWC jest transformer otherwise gives "c.Label_Name"), so
// tests read what users read. The values come from the project's CustomLabels file.
const { readFileSync } = require('fs');
const { join } = require('path');

const LABELS_FILE = join(__dirname, '../main/default/labels/CustomLabels.labels-meta.xml');
const ENTITIES = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&apos;': "'" };

const xml = readFileSync(LABELS_FILE, 'utf8');
for (const [, body] of xml.matchAll(/<labels>([\s\S]*?)<\/labels>/g)) {
    const name = /<fullName>([^<]+)<\/fullName>/.exec(body)[1];
    const text = /<value\s*>([\s\S]*?)<\/value>/.exec(body)[1];
    const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(text);
    const value = cdata ? cdata[1] : text.replace(/&(lt|gt|amp|quot|apos);/g, (entity) => ENTITIES[entity]);
    jest.doMock(`@salesforce/label/c.${name}`, () => ({ default: value }), { virtual: true });
}
