/**
 * Compiles force-app's LWC, unmodified, into the browser sandbox's page script with the real LWC compiler
 * (`lwc/rollup-plugin`), Salesforce's open-source base components and this folder's platform stand-ins:
 * `@salesforce/apex/*` (client/apex.js, calling the stand-in Apex of apex/), `@salesforce/label/c.*` (force-app's
 * CustomLabels), `@salesforce/customPermission/*` (the signed-in user's), `@salesforce/resourceUrl/*` (force-app's
 * static resources, served by the page), `lightning/platformShowToastEvent`. A build is kept by the hash of its
 * inputs under .data/lightning/, so it runs once per change of the sources.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import replacePlugin from '@rollup/plugin-replace';
import lwc from 'lwc/rollup-plugin';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import { apexMethods } from './platform/apex-methods.ts';
import { loadLabels } from './platform/labels.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
// The package's types describe its ES build; Node loads its CommonJS one, whose default is the module object.
type Replace = (options: { preventAssignment: boolean; values: Record<string, string> }) => Plugin;
const replace = ((replacePlugin as unknown as { default?: Replace }).default ?? replacePlugin) as unknown as Replace;
const CLIENT = join(HERE, 'client');
const CLOSED_GATES = ['@salesforce/gate/bc.260.enableComboboxElementInternals'];

export interface BuiltPage {
    /** The folder holding app.js. */
    dir: string;
    /** Whether this call compiled it (false: a build of the same inputs was there). */
    compiled: boolean;
}

function forceApp(projectDir: string) {
    return join(projectDir, 'force-app', 'main', 'default');
}

/** Every file a build reads from the project, in a stable order (tests are not part of the page). */
function inputs(projectDir: string): string[] {
    const roots = [join(forceApp(projectDir), 'lwc'), join(forceApp(projectDir), 'classes'), CLIENT];
    const files: string[] = [
        join(forceApp(projectDir), 'labels', 'CustomLabels.labels-meta.xml'),
        fileURLToPath(import.meta.url),
        join(projectDir, 'package-lock.json')
    ];
    const walk = (dir: string) => {
        for (const name of readdirSync(dir).sort()) {
            if (name === '__tests__') continue;
            const path = join(dir, name);
            if (statSync(path).isDirectory()) walk(path);
            else files.push(path);
        }
    };
    roots.forEach(walk);
    return files;
}

function inputHash(projectDir: string): string {
    const hash = createHash('sha256');
    for (const file of inputs(projectDir)) hash.update(relative(projectDir, file)).update(readFileSync(file));
    return hash.digest('hex').slice(0, 16);
}

/** Resolves the platform's modules to this folder's stand-ins. */
function platformModules(projectDir: string): Plugin {
    const labels = loadLabels(projectDir);
    const methods = apexMethods(projectDir);
    return {
        name: 'lightning-platform',
        resolveId(source) {
            if (source === '@salesforce/apex') return join(CLIENT, 'apex.js');
            if (source === 'lightning/platformShowToastEvent') return join(CLIENT, 'platformShowToastEvent.js');
            if (source === '@lwc/synthetic-shadow') return this.resolve('lwc/synthetic-shadow');
            if (CLOSED_GATES.includes(source)) return join(CLIENT, 'closedGate.js');
            if (
                source.startsWith('@salesforce/apex/') ||
                source.startsWith('@salesforce/label/c.') ||
                source.startsWith('@salesforce/customPermission/') ||
                source.startsWith('@salesforce/resourceUrl/')
            ) {
                return `\0${source}`;
            }
            return null;
        },
        load(id) {
            if (!id.startsWith('\0@salesforce/')) return null;
            const source = id.slice(1);
            const [, kind, name] = /^@salesforce\/(\w+)\/(.+)$/.exec(source)!;
            if (kind === 'apex') {
                const method = methods.get(name!);
                // As a deploy refuses a component that imports a method that does not exist.
                if (!method) this.error(`${source}: no @AuraEnabled method ${name} in force-app's classes`);
                return `import { apexMethod } from ${JSON.stringify(join(CLIENT, 'apex.js'))};\nexport default apexMethod(${JSON.stringify(method.className)}, ${JSON.stringify(method.method)}, ${method.cacheable});`;
            }
            if (kind === 'label') {
                const label = labels.get(name!.slice('c.'.length));
                if (label === undefined) this.error(`${source}: no such Custom Label in CustomLabels.labels-meta.xml`);
                return `export default ${JSON.stringify(label)};`;
            }
            if (kind === 'customPermission') {
                return `export default (window.$Lightning?.customPermissions ?? []).includes(${JSON.stringify(name)});`;
            }
            return `export default ${JSON.stringify(`/resource/${name}`)};`;
        }
    };
}

/** Builds of other sources, untouched for an hour (a page that is being served keeps its own). */
function pruneOldBuilds(cacheDir: string, current: string): void {
    const hourAgo = Date.now() - 60 * 60 * 1000;
    for (const name of readdirSync(cacheDir)) {
        const path = join(cacheDir, name);
        if (path !== current && statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    }
}

/** The page script for this project's sources, compiled unless a build of the same inputs exists. */
export async function buildPage(
    projectDir: string,
    cacheDir = join(projectDir, '.data', 'lightning')
): Promise<BuiltPage> {
    const dir = join(cacheDir, inputHash(projectDir));
    if (existsSync(join(dir, 'app.js'))) return { dir, compiled: false };
    const lwcDir = join(forceApp(projectDir), 'lwc');
    const bundles = readdirSync(lwcDir).filter((name) => existsSync(join(lwcDir, name, `${name}.js`)));
    const warnings: string[] = [];
    const bundle = await rollup({
        input: join(CLIENT, 'main.js'),
        plugins: [
            platformModules(projectDir),
            replace({
                preventAssignment: true,
                values: { 'import.meta.env.SSR': 'false', 'process.env.NODE_ENV': JSON.stringify('production') }
            }),
            lwc({
                enableDynamicComponents: true,
                modules: [
                    ...bundles.map((name) => ({ name: `c/${name}`, path: join(lwcDir, name, `${name}.js`) })),
                    { npm: 'lightning-base-components' }
                ]
            })
        ],
        onwarn(warning: RollupLog) {
            // The base components' own warnings are theirs; the project's sources must compile cleanly.
            const file = warning.id ?? warning.loc?.file ?? '';
            if (file.includes('node_modules') || warning.code === 'CIRCULAR_DEPENDENCY') return;
            warnings.push(`${warning.code ?? 'WARNING'} ${file}: ${warning.message}`);
        }
    });
    if (warnings.length > 0) throw new Error(`force-app's LWC compiled with warnings:\n${warnings.join('\n')}`);
    const temporary = `${dir}.tmp-${process.pid}`;
    await bundle.write({ dir: temporary, format: 'es', entryFileNames: 'app.js', inlineDynamicImports: true });
    await bundle.close();
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    renameSync(temporary, dir);
    pruneOldBuilds(cacheDir, dir);
    return { dir, compiled: true };
}
