import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import {
    DOCS_SCREENSHOTS,
    SCREENSHOT_DIR,
    choose,
    failureShot,
    launch,
    openPage,
    optionsOf,
    pictureDifference,
    pngSize,
    screenshot,
    seriousViolations
} from './browser.ts';
import { loadCatalog } from '../../bridge/src/catalog/load.ts';
import { UNSYNCABLE_LEAD, startConsoleWorld, type ConsoleWorld } from './world.ts';

/** The Default profile has one step per catalog kind. */
const KINDS = loadCatalog().stepKinds.length;

/**
 * The admin console and the record panel in Chromium, on the sandboxes and the bridge: the whole admin flow (issue
 * 14, item 3) as an admin clicks through it, a read-only user who sees everything and can change nothing, and what
 * the outside render found (console-review.md), kept fixed where only a browser shows it. Every state is checked
 * with axe-core and photographed (`npm run screenshots` writes the pictures to docs/screenshots).
 *
 * The tests of this file run in order and share one world, one browser and the admin's page: each continues from
 * where the one before left the console. No sleeps: each waits for what the user would see.
 */

let console_: ConsoleWorld;
let browser: Browser;
let admin: Page;
let adminErrors: string[];

const consoleUrl = (as: string) => `${console_.lightning.url}/lightning/n/Reply_Sync?as=${as}`;
const steps = (page: Page) => page.locator('c-reply-sync-steps [data-id="step"]');
const stepRow = (page: Page, name: string) =>
    steps(page).filter({ has: page.locator('[data-id="label"]', { hasText: new RegExp(`^${name}$`) }) });

async function expectAccessible(page: Page): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
}

/** A deployment the console started: its banner while pending, then its toast once live. */
async function deployed(page: Page, summary: string | RegExp): Promise<void> {
    await page.locator('[data-id="pending"]', { hasText: summary }).waitFor();
    await page.locator('lightning-toast', { hasText: summary }).waitFor();
    await page.locator('[data-id="pending"]').waitFor({ state: 'detached' });
}

beforeAll(async () => {
    [console_, browser] = await Promise.all([startConsoleWorld(), launch()]);
    ({ page: admin, errors: adminErrors } = await openPage(browser, consoleUrl('admin')));
});

// What the admin's page showed when a test failed, beside the screenshots: the first thing to look at.
afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && admin) await failureShot(admin, task.name);
});

afterAll(async () => {
    await browser?.close();
    await console_?.close();
});

describe('the admin flow in Chromium', () => {
    it('shows the connection and the Default profile with each step once, by its name', async () => {
        await admin.getByText(`${KINDS} steps, run in this order`).waitFor();
        const connection = admin.locator('c-reply-sync-connection');
        await expect(connection.getByText(/^Connected as /)).toBeTruthy();
        await connection
            .locator('[data-id="salesforce"]')
            .getByText(/Connected as/)
            .waitFor();
        expect(await connection.locator('[data-id="badge"]').innerText()).toBe('Connected');
        expect(await admin.getByRole('radio', { name: 'Default' }).isChecked()).toBe(true);
        expect(await steps(admin).locator('[data-id="label"]').first().innerText()).toBe('Contacts to People');
        expect(await steps(admin).locator('[data-id="direction"]').first().innerText()).toBe(
            'Contacts in Salesforce → People in Reply'
        );
        // The Default profile: its steps are looked at, not changed.
        expect(await admin.getByRole('button', { name: 'Add sync step', exact: true }).count()).toBe(0);
        expect(
            await stepRow(admin, 'Leads to People').getByRole('button', { name: 'View settings', exact: true }).count()
        ).toBe(1);
        await expectAccessible(admin);
        await screenshot(admin, 'console-default');
    });

    it('records the connection and switches to Custom, each a deployment it follows to the end', async () => {
        await admin.getByRole('button', { name: 'Test connection', exact: true }).click();
        await deployed(admin, 'Connection recorded');
        await admin.locator('[data-id="not-recorded"]').waitFor({ state: 'detached' });
        await admin.locator('c-reply-sync-integration-settings').getByText('Custom', { exact: true }).click();
        await deployed(admin, `Integration on, Custom profile (${KINDS} steps copied from Default)`);
        await admin.getByRole('button', { name: 'Add sync step', exact: true }).waitFor();
        expect(await steps(admin).count()).toBe(KINDS);
        expect(
            await stepRow(admin, 'Leads to People').getByRole('button', { name: 'Settings', exact: true }).count()
        ).toBe(1);
    });

    it('adds a step from a picker grouped by what it syncs, straight into its settings', async () => {
        await admin.getByRole('button', { name: 'Add sync step', exact: true }).click();
        const picker = admin.locator('c-reply-sync-add-step');
        for (const group of ['People', 'Statuses', 'Activities', 'Notes']) {
            await picker.getByRole('radiogroup', { name: group, exact: true }).waitFor();
        }
        await expectAccessible(admin);
        await screenshot(admin, 'add-step');
        await picker.getByText('Leads in Salesforce → People in Reply', { exact: true }).click();
        await picker.getByRole('button', { name: 'Add step', exact: true }).click();
        await admin.getByRole('heading', { name: 'New step: Leads to People' }).waitFor();
        // On from the start: one deployment makes a usable step.
        expect(
            await admin.locator('c-reply-sync-step-settings [data-id="active"]').getByRole('switch').isChecked()
        ).toBe(true);
    });

    it('maps a field: no multi-select picklist offered, a type mismatch refused with its reason', async () => {
        const settings = admin.locator('c-reply-sync-step-settings');
        await settings.getByText(/Checked by the bridge/).waitFor();
        const section = settings.locator('c-reply-sync-field-mappings');
        await section.getByRole('button', { name: 'Add field mapping', exact: true }).click();
        const row = section.locator('[data-id="row"]').last();
        const offered = await optionsOf(row, 'Salesforce field');
        expect(offered).toContain('Employees (NumberOfEmployees)');
        expect(offered.filter((label) => label.includes('Interests__c'))).toEqual([]);
        // Already mapped, so not offered again for the Reply side this step writes.
        expect(await optionsOf(row, 'Reply field')).not.toContain('Email');
        await choose(row, 'Salesforce field', 'Employees (NumberOfEmployees)');
        await choose(row, 'Reply field', 'Phone');
        // The bridge is asked once editing pauses; until it answers, the empty row's problems may still show.
        const problem = row.locator('[data-id="problem"]');
        await problem.filter({ hasText: 'cannot take' }).waitFor();
        expect(await problem.allInnerTexts()).toEqual([
            "Salesforce field: Reply's Phone (phone) cannot take Lead.NumberOfEmployees (int): a Reply phone field takes phone, string fields."
        ]);
        await expectAccessible(admin);
        await screenshot(admin, 'step-settings-problem');
        await choose(row, 'Salesforce field', 'Title (Title)');
        await choose(row, 'Reply field', 'Title');
        await problem.waitFor({ state: 'detached' });
    });

    it('adds a filter, an owner mapping and People to sequence, and saves them in one deployment', async () => {
        const settings = admin.locator('c-reply-sync-step-settings');
        const filter = settings.locator('c-reply-sync-filter-editor');
        await filter.getByRole('button', { name: 'Add condition', exact: true }).click();
        const condition = filter.locator('[data-id="row"]').last();
        // A new, empty row gets its problems under it, named by its column, like the rows of every other section,
        // and without the step's name in front: this is the step's own page.
        const conditionProblem = condition.locator('[data-id="problem"]').first();
        await conditionProblem.waitFor();
        expect(await conditionProblem.innerText()).toBe('Field: Choose or enter a value.');
        await choose(condition, 'Field', 'Lead Source (LeadSource)');
        await condition.getByRole('textbox', { name: 'Value' }).fill('Web');

        const owners = settings.locator('c-reply-sync-owner-mappings');
        await owners.getByRole('button', { name: 'Add owner mapping', exact: true }).click();
        const owner = owners.locator('[data-id="row"]').last();
        await owner.locator('[data-id="problem"]').first().waitFor();
        await choose(owner, 'Salesforce owner', (await optionsOf(owner, 'Salesforce owner'))[0]!);
        await choose(owner, 'Reply owner', (await optionsOf(owner, 'Reply owner'))[0]!);

        const sequences = settings.locator('c-reply-sync-sequence-mappings');
        await sequences.getByRole('button', { name: 'Add sequence mapping', exact: true }).click();
        const sequence = sequences.locator('[data-id="row"]').last();
        await choose(sequence, 'Reply owner', (await optionsOf(sequence, 'Reply owner'))[0]!);
        await choose(sequence, 'Sequence', (await optionsOf(sequence, 'Sequence'))[0]!);

        await settings.getByText('Checked by the bridge: it will run these settings as they are.').waitFor();
        expect(await settings.locator('[data-id="problem"]').count()).toBe(0);
        expect(await settings.locator('[data-id="step-problems"]').count()).toBe(0);
        await expectAccessible(admin);
        await screenshot(admin, 'step-settings');
        await settings.getByRole('button', { name: 'Save', exact: true }).click();
        await deployed(admin, 'New step Leads to People');
        await admin.getByText('17 steps, run in this order').waitFor();
        const added = steps(admin).last();
        expect(await added.locator('[data-id="label"]').innerText()).toBe('Leads to People');
        expect(await added.getByRole('switch').isChecked()).toBe(true);
    });

    it('syncs now and shows the run as it goes, then its result', async () => {
        await admin.getByRole('button', { name: 'Sync now', exact: true }).click();
        const syncNow = admin.locator('c-reply-sync-sync-now');
        await syncNow.locator('[data-id="progress"], [data-id="result"]').first().waitFor();
        const result = syncNow.locator('[data-id="result"]');
        await result.waitFor({ timeout: 60_000 });
        // The totals, then only the steps that need a look, by their names: the Lead without a first name.
        expect(await result.locator('[data-id="totals"]').innerText()).toMatch(/ read, /);
        expect(await result.locator('[data-id="step-result"]').allInnerTexts()).toEqual([
            expect.stringMatching(/^Leads to People: Partly synced/)
        ]);
        await expectAccessible(admin);
        await screenshot(admin, 'sync-now-result', { fullPage: false });
    });

    it('reads the run in the Logs tab and the failing record, with its reason, in the Errors tab', async () => {
        await admin.getByRole('tab', { name: 'Logs' }).click();
        const logs = admin.locator('c-reply-sync-logs');
        await logs.getByRole('gridcell', { name: 'Sync Now' }).first().waitFor();
        expect(await logs.getByRole('row').filter({ hasText: 'Leads to People' }).count()).toBeGreaterThan(0);
        await expectAccessible(admin);
        await screenshot(admin, 'logs');

        await admin.getByRole('tab', { name: 'Record errors' }).click();
        const errors = admin.locator('c-reply-sync-record-errors');
        const failing = errors.getByRole('row').filter({ hasText: UNSYNCABLE_LEAD.Email });
        await failing.first().waitFor();
        expect(await failing.first().innerText()).toMatch(/first name/i);
        await expectAccessible(admin);
        await screenshot(admin, 'record-errors');
        expect(adminErrors).toEqual([]);
    });

    it("opens a Lead's record panel and sees its Reply activity", async () => {
        const { page, errors } = await openPage(
            browser,
            `${console_.lightning.url}/lightning/r/Lead/${console_.leadWithActivity}/view?as=admin`
        );
        const panel = page.locator('c-reply-person-activity');
        await panel.locator('[data-id="activity"]').first().waitFor();
        expect(await panel.locator('[data-id="status"]').innerText()).not.toBe('');
        expect(await panel.getByRole('link', { name: /Open in Reply/ }).getAttribute('target')).toBe('_blank');
        await expectAccessible(page);
        await screenshot(page, 'record-panel');
        expect(errors).toEqual([]);
        await page.close();
    });
});

describe('a read-only user', () => {
    it('sees everything and can change nothing', async () => {
        const { page, errors } = await openPage(browser, consoleUrl('readonly'));
        await page.getByText('17 steps, run in this order').waitFor();
        await page
            .getByText(/You can look but not change/)
            .first()
            .waitFor();
        expect(await page.getByRole('button', { name: 'Add sync step', exact: true }).count()).toBe(0);
        expect(await page.getByRole('button', { name: 'Sync now', exact: true }).isDisabled()).toBe(true);
        expect(await page.getByRole('button', { name: 'Test connection', exact: true }).count()).toBe(0);
        for (const toggle of await page.locator('c-reply-sync-steps').getByRole('switch').all()) {
            expect(await toggle.isDisabled()).toBe(true);
        }
        expect(await page.getByRole('radio', { name: 'Default' }).isDisabled()).toBe(true);
        await expectAccessible(page);
        await screenshot(page, 'console-read-only');

        await stepRow(page, 'Leads to People')
            .first()
            .getByRole('button', { name: 'View settings', exact: true })
            .click();
        const settings = page.locator('c-reply-sync-step-settings');
        await settings.locator('c-reply-sync-field-mappings [data-id="row"]').first().waitFor();
        expect(await settings.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
        expect(await settings.getByRole('button', { name: 'Add field mapping', exact: true }).count()).toBe(0);
        for (const box of await settings.getByRole('combobox').all()) expect(await box.isDisabled()).toBe(true);
        await expectAccessible(page);

        await page.getByRole('tab', { name: 'Logs' }).click();
        await page.locator('c-reply-sync-logs').getByRole('gridcell', { name: 'Sync Now' }).first().waitFor();
        expect(errors).toEqual([]);
        await page.close();
    });
});

describe('what the outside render found, in the browser', () => {
    it('keeps the Logs and Record errors tables readable at 1024 px', async () => {
        const { page } = await openPage(browser, consoleUrl('admin'), 1024);
        await page.getByText('17 steps, run in this order').waitFor();
        await page.getByRole('tab', { name: 'Logs' }).click();
        const logs = page.locator('c-reply-sync-logs');
        await logs.getByRole('gridcell', { name: 'Sync Now' }).first().waitFor();
        await expectReadableTable(logs);
        await screenshot(page, 'logs-1024');
        await page.getByRole('tab', { name: 'Record errors' }).click();
        const errors = page.locator('c-reply-sync-record-errors');
        await errors.getByRole('row').filter({ hasText: UNSYNCABLE_LEAD.Email }).first().waitFor();
        await expectReadableTable(errors);
        await page.close();
    });

    it('pads card content like the card header, with one left edge', async () => {
        const card = admin.locator('c-reply-sync-console lightning-card article').first();
        const [cardBox, iconBox, subtitleBox, tabsBox] = await Promise.all([
            card.boundingBox(),
            card.locator('lightning-icon').first().boundingBox(),
            admin.getByText('Two-way sync between Reply and Salesforce').boundingBox(),
            admin.getByRole('tab', { name: 'Sync steps', exact: true }).boundingBox()
        ]);
        expect(subtitleBox!.x - cardBox!.x).toBeGreaterThanOrEqual(12);
        // The header's icon, the subtitle and the tabs start at one left edge.
        expect(Math.abs(subtitleBox!.x - iconBox!.x)).toBeLessThanOrEqual(2);
        expect(Math.abs(tabsBox!.x - iconBox!.x)).toBeLessThanOrEqual(16);
    });

    it('offers labelled actions on each step and one icon per meaning', async () => {
        await admin.getByRole('tab', { name: 'Sync steps' }).click();
        const row = stepRow(admin, 'Contacts to People');
        await row.getByRole('button', { name: 'Settings', exact: true }).waitFor();
        // Sync now and a step's Sync share the sync icon and the meaning; turning a step around is a menu item.
        expect(await row.getByRole('button', { name: 'Sync', exact: true }).count()).toBe(1);
        await row.getByRole('button', { name: /More actions for Contacts to People/ }).click();
        for (const item of ['Duplicate', /^Turn around: People in Reply → Contacts in Salesforce$/, 'Remove']) {
            await row.getByRole('menuitem', { name: item }).waitFor();
        }
        await row.getByRole('button', { name: /More actions for Contacts to People/ }).press('Escape');
    });

    it('says the bridge cannot be reached, never Connected above it, and offers no Sync now', async () => {
        const { org } = console_.world.salesforce;
        org.setNamedCredentialUrl('Reply_Bridge', 'http://127.0.0.1:9');
        try {
            const { page } = await openPage(browser, consoleUrl('admin'));
            const connection = page.locator('c-reply-sync-connection');
            await connection.locator('[data-id="status-error"]').waitFor();
            expect(await connection.locator('[data-id="badge"]').innerText()).toBe('Bridge unreachable');
            expect(await page.getByRole('button', { name: 'Sync now', exact: true }).isDisabled()).toBe(true);
            expect(await page.getByText('The bridge cannot be reached, so nothing can sync now.').count()).toBe(1);
            await expectAccessible(page);
            await screenshot(page, 'console-bridge-unreachable', { fullPage: false });
            await page.close();
        } finally {
            org.setNamedCredentialUrl('Reply_Bridge', console_.bridgeUrl);
        }
    });
});

describe('the screenshots in docs/', () => {
    // `npm run screenshots` is this file writing them to docs/screenshots; every other run compares.
    const capturing = SCREENSHOT_DIR === DOCS_SCREENSHOTS;

    it.skipIf(capturing)('are what these tests see', async () => {
        const taken = readdirSync(SCREENSHOT_DIR)
            .filter((name) => name.endsWith('.png'))
            .sort();
        const documented = existsSync(DOCS_SCREENSHOTS)
            ? readdirSync(DOCS_SCREENSHOTS)
                  .filter((name) => name.endsWith('.png'))
                  .sort()
            : [];
        expect(
            documented,
            'docs/screenshots holds exactly the states the tests photograph (npm run screenshots)'
        ).toEqual(taken);
        for (const name of taken) {
            const [now, committed] = [
                readFileSync(join(SCREENSHOT_DIR, name)),
                readFileSync(join(DOCS_SCREENSHOTS, name))
            ];
            const [a, b] = [pngSize(now), pngSize(committed)];
            expect(b.width, `${name}: width`).toBe(a.width);
            // Counts, times and rows vary from run to run; a page laid out otherwise does not.
            expect(Math.abs(b.height - a.height) / a.height, `${name}: height`).toBeLessThan(0.1);
            expect(await pictureDifference(admin, now, committed), `${name}: looks different`).toBeLessThan(0.01);
        }
    });
});

/** Every column wide enough for its header and its words: no letter-by-letter wrapping, no one-letter headers. */
async function expectReadableTable(table: Locator): Promise<void> {
    const headers = await table.getByRole('columnheader').evaluateAll((cells) =>
        cells.map((cell) => ({
            text: (cell as HTMLElement).innerText.trim(),
            width: cell.getBoundingClientRect().width
        }))
    );
    for (const header of headers.filter((h) => h.text)) {
        expect(header.width, `column "${header.text}"`).toBeGreaterThanOrEqual(90);
    }
    // A wrapped cell breaks between words only: its lines are at least as wide as its longest word.
    const cells = await table.getByRole('gridcell').evaluateAll((nodes) =>
        nodes.map((node) => {
            const element = node as HTMLElement;
            const range = document.createRange();
            range.selectNodeContents(element);
            const lines = [...range.getClientRects()].length;
            return { text: element.innerText.trim(), width: element.getBoundingClientRect().width, lines };
        })
    );
    for (const cell of cells.filter((c) => c.text)) {
        const longestWord = Math.max(...cell.text.split(/\s+/).map((word) => word.length));
        expect(cell.width / Math.max(1, Math.min(longestWord, 12)), `cell "${cell.text}"`).toBeGreaterThan(5);
    }
}
