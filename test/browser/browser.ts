import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), and what the tests do with a page: find
 * things as a user would (roles and names), pick combobox options, run axe-core, take the screenshots.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Where the screenshots go: docs/screenshots with `npm run screenshots`, else beside the build, to compare. */
export const SCREENSHOT_DIR = process.env.SCREENSHOTS_DIR
    ? join(ROOT, process.env.SCREENSHOTS_DIR)
    : join(ROOT, '.data', 'screenshots');
export const DOCS_SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

export function launch(): Promise<Browser> {
    if (!existsSync(CHROMIUM))
        throw new Error(
            `No Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium; .ci/run does it) or set CHROMIUM_PATH to one.`
        );
    return chromium.launch({
        executablePath: CHROMIUM,
        args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic'
        ]
    });
}

/** A page of the browser sandbox, signed in as `as`, with the errors it raises collected. */
export async function openPage(browser: Browser, url: string, width = 1440): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    return { page, errors };
}

/** Picks an option of a lightning-combobox, found by its label within `scope`. */
export async function choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label }).click();
    await scope.getByRole('option', { name: option, exact: true }).click();
}

/** The option labels a lightning-combobox offers (opened, read, closed again). */
export async function optionsOf(scope: Locator, label: string): Promise<string[]> {
    const box = scope.getByRole('combobox', { name: label });
    await box.click();
    const options = scope.getByRole('option');
    await options.first().waitFor();
    const labels = (await options.allInnerTexts()).map((text) => text.trim());
    await box.press('Escape');
    return labels;
}

export interface AxeViolation {
    id: string;
    impact: string | null;
    help: string;
    nodes: number;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
        const result = await (
            window as unknown as {
                axe: {
                    run: (context: Document) => Promise<{
                        violations: { id: string; impact: string | null; help: string; nodes: unknown[] }[];
                    }>;
                };
            }
        ).axe.run(document);
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
    });
    return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** A full-page screenshot, named for the state it shows. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    // Caret and animations still, and no toast (it leaves after a few seconds, at no fixed moment): the same
    // state gives the same picture.
    await page.screenshot({
        path: join(SCREENSHOT_DIR, `${name}.png`),
        fullPage: options.fullPage ?? true,
        animations: 'disabled',
        caret: 'hide',
        style: 'lightning-toast-container { visibility: hidden !important; }'
    });
}

/** The page as it was when a test failed: .data/browser-failures/<test>.png. */
export async function failureShot(page: Page, testName: string): Promise<void> {
    const dir = join(ROOT, '.data', 'browser-failures');
    mkdirSync(dir, { recursive: true });
    await page
        .screenshot({ path: join(dir, `${testName.replace(/[^\w-]+/g, '-').slice(0, 80)}.png`), fullPage: true })
        .catch(() => undefined);
}

/**
 * How different two pictures look, from 0 (the same) to 1: both scaled to 24 x 24 in Chromium and compared by the
 * mean difference of their grey levels. Coarse on purpose: it sees a layout that changed, not a time or a count.
 */
export async function pictureDifference(page: Page, a: Buffer, b: Buffer): Promise<number> {
    // Source text, not a function: what runs the tests may rewrite functions with helpers the page lacks.
    const script = `(async ([first, second]) => {
        const grey = async (base64) => {
            const image = new Image();
            image.src = 'data:image/png;base64,' + base64;
            await image.decode();
            const canvas = document.createElement('canvas');
            canvas.width = 24;
            canvas.height = 24;
            const context = canvas.getContext('2d');
            context.drawImage(image, 0, 0, 24, 24);
            const data = context.getImageData(0, 0, 24, 24).data;
            const levels = [];
            for (let i = 0; i < data.length; i += 4) levels.push((data[i] + data[i + 1] + data[i + 2]) / 765);
            return levels;
        };
        const [x, y] = await Promise.all([grey(first), grey(second)]);
        return x.reduce((sum, level, i) => sum + Math.abs(level - y[i]), 0) / x.length;
    })(${JSON.stringify([a.toString('base64'), b.toString('base64')])})`;
    return (await page.evaluate(script)) as number;
}

/** A PNG's width and height, from its header. */
export function pngSize(png: Buffer): { width: number; height: number } {
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
