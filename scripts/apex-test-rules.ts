/**
 * Two rules about Apex tests that only an org would otherwise enforce, checked on the syntax tree of every class
 * (prettier-plugin-apex's parser, the one `prettier --check` already runs):
 *
 * - A test must not call out after DML in the same context. Salesforce refuses the callout with "You have uncommitted
 *   work pending. Please commit or rollback before calling out"; the documented fix is to do the DML (users, records)
 *   before Test.startTest() and the callout after it. Sources: Apex Developer Guide, "Testing HTTP Callouts" and
 *   "Performing DML Operations and Mock Callouts"; Known Issue W-2839839 (a User inserted before the callout);
 *   salesforce.stackexchange.com/questions/144567.
 * - A test that calls code which checks the running user's access (Security.stripInaccessible, WITH SECURITY_ENFORCED,
 *   WITH USER_MODE, AccessLevel.USER_MODE, describe's isAccessible/isCreateable/isUpdateable/isDeletable,
 *   FeatureManagement.checkPermission) must do so inside System.runAs: otherwise it passes or fails with whatever the
 *   deploying user happens to hold, and a production deploy runs it as that user. Source: Apex Developer Guide,
 *   "Using the runAs Method" (system mode ignores the running user's permissions; runAs enforces the test user's
 *   record sharing and lets code under test see that user's permissions).
 *
 * Calls are followed through the project's own classes (by class name when the receiver is a class, otherwise by
 * method name across the project, which over-approximates), so a helper that inserts a User counts as DML and a
 * controller method that reaches Http.send counts as a callout.
 */
import { readFile } from 'node:fs/promises';
import { parsers } from 'prettier-plugin-apex';

interface Loc {
    startIndex: number;
    endIndex: number;
}

type Node = { '@class'?: string; loc?: Loc } & Record<string, unknown>;

type Effect = 'dml' | 'callout' | 'access' | 'startTest';

interface Event {
    kind: Effect | 'stopTest' | 'call';
    at: number;
    /** What the test does there, for the finding's message. */
    what: string;
    /** For calls: the dotted name, what it is called on, and (once every class is read) the methods it may reach. */
    names?: string[];
    receiver?: Receiver;
    targets?: MethodInfo[];
}

/** What a call is made on: nothing (a method of this class), `new SomeClass(...)`, or another expression. */
type Receiver = { kind: 'none' } | { kind: 'new'; className: string } | { kind: 'expression' };

interface MethodInfo {
    /** Declared types of its parameters and local variables, by lower-case name. */
    variables: Map<string, string>;
    file: string;
    className: string;
    name: string;
    isTest: boolean;
    line: number;
    events: Event[];
    /** Source ranges of System.runAs blocks in this method. */
    runAs: Loc[];
    effects: Set<Effect>;
}

interface ClassInfo {
    /** Declared types of its fields, by lower-case name. */
    fields: Map<string, string>;
    file: string;
    source: string;
    name: string;
    isTest: boolean;
    methods: MethodInfo[];
    outer?: ClassInfo;
}

const DML_METHODS = new Set(['insert', 'update', 'upsert', 'delete', 'undelete', 'merge', 'convertlead']);
const DESCRIBE_ACCESS = new Set(['isaccessible', 'iscreateable', 'isupdateable', 'isdeletable']);

const classOf = (node: unknown): string => ((node as Node | undefined)?.['@class'] as string | undefined) ?? '';
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

function identifiers(value: unknown): string[] {
    return Array.isArray(value) ? value.map((id) => String((id as { value?: unknown }).value ?? '')) : [];
}

function annotations(modifiers: unknown): string[] {
    if (!Array.isArray(modifiers)) return [];
    return modifiers.flatMap((modifier: Node) => {
        const kind = classOf(modifier);
        if (kind.endsWith('Modifier$Annotation')) {
            return [String((modifier.name as { value?: unknown } | undefined)?.value ?? '').toLowerCase()];
        }
        return kind.endsWith('TestMethodModifier') ? ['istest'] : [];
    });
}

function receiverOf(dotted: unknown): Receiver {
    if (!isNode(dotted) || Object.keys(dotted).length === 0) return { kind: 'none' };
    const expr = isNode(dotted.value) ? dotted.value : dotted;
    if (classOf(expr).endsWith('Expr$NewExpr')) {
        const type = (expr.creator as Node | undefined)?.type as Node | undefined;
        const className = identifiers(type?.names).at(-1);
        if (className) return { kind: 'new', className };
    }
    return { kind: 'expression' };
}

/** Every `Type name` declared in a subtree (variables, fields, parameters): name -> type, lower-case. */
function declaredTypes(node: unknown, into: Map<string, string>, seen = new Set<object>()): Map<string, string> {
    if (Array.isArray(node)) {
        for (const child of node) declaredTypes(child, into, seen);
        return into;
    }
    if (!isNode(node) || seen.has(node)) return into;
    seen.add(node);
    const type = identifiers((node.type as Node | undefined)?.names)
        .at(-1)
        ?.toLowerCase();
    if (type && classOf(node).endsWith('VariableDecls')) {
        for (const decl of (node.decls as Node[] | undefined) ?? []) {
            const name = String((decl.name as { value?: unknown } | undefined)?.value ?? '').toLowerCase();
            if (name) into.set(name, type);
        }
    } else if (type && isNode(node.name) && typeof node.name.value === 'string') {
        into.set(node.name.value.toLowerCase(), type);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') declaredTypes(value, into, seen);
    return into;
}

function lineAt(source: string, index: number): number {
    let line = 1;
    for (let i = 0; i < index && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
    return line;
}

async function parseApex(source: string, file: string): Promise<Node> {
    const parse = parsers.apex.parse as (text: string, options: object) => Promise<Record<string, unknown>>;
    const ast = await parse(source, { filepath: file, apexStandaloneParser: 'native', parser: 'apex' });
    const output = ast['apex.jorje.semantic.compiler.parser.ParserOutput'] as { unit?: { body?: Node } };
    if (!output?.unit?.body) throw new Error(`${file}: no class in the syntax tree`);
    return output.unit.body;
}

/** Collects a method body's events in evaluation order: receivers and arguments before the call itself. */
function collectEvents(node: unknown, source: string, events: Event[], runAs: Loc[], seen: Set<object>): void {
    if (Array.isArray(node)) {
        for (const child of node) collectEvents(child, source, events, runAs, seen);
        return;
    }
    if (!isNode(node) || seen.has(node)) return;
    seen.add(node);
    const kind = classOf(node);
    const at = node.loc?.startIndex ?? 0;
    if (kind.endsWith('Stmnt$RunAsBlock')) {
        collectEvents(node.inputParameters, source, events, runAs, seen);
        const block = node.stmnt as Node | undefined;
        if (block?.loc) runAs.push(block.loc);
        collectEvents(block, source, events, runAs, seen);
        return;
    }
    if (/Stmnt\$Dml[A-Za-z]+Stmnt$/.test(kind)) {
        for (const [key, value] of Object.entries(node))
            if (key !== 'loc') collectEvents(value, source, events, runAs, seen);
        const verb = kind.replace(/^.*Stmnt\$Dml([A-Za-z]+)Stmnt$/, '$1').toLowerCase();
        events.push({ kind: 'dml', at, what: `${verb} statement` });
        return;
    }
    if (kind.endsWith('Expr$SoqlExpr')) {
        const text = source.slice(node.loc?.startIndex ?? 0, (node.loc?.endIndex ?? 0) + 1);
        if (/\bWITH\s+(SECURITY_ENFORCED|USER_MODE)\b/i.test(text)) {
            events.push({ kind: 'access', at, what: 'a query WITH SECURITY_ENFORCED or USER_MODE' });
        }
        return;
    }
    if (kind.endsWith('Expr$VariableExpr')) {
        const names = identifiers(node.names).map((name) => name.toLowerCase());
        if (names.join('.') === 'accesslevel.user_mode')
            events.push({ kind: 'access', at, what: 'AccessLevel.USER_MODE' });
    }
    if (kind.endsWith('Expr$MethodCallExpr')) {
        collectEvents(node.dottedExpr, source, events, runAs, seen);
        collectEvents(node.inputParameters, source, events, runAs, seen);
        const names = identifiers(node.names);
        const method = (names.at(-1) ?? '').toLowerCase();
        const qualifier = names.slice(0, -1).join('.').toLowerCase();
        const what = `${names.join('.')}()`;
        if (qualifier === 'test' && method === 'starttest') events.push({ kind: 'startTest', at, what });
        else if (qualifier === 'test' && method === 'stoptest') events.push({ kind: 'stopTest', at, what });
        else if (qualifier === 'database' && DML_METHODS.has(method)) events.push({ kind: 'dml', at, what });
        else if (
            (qualifier === 'security' && method === 'stripinaccessible') ||
            (qualifier === 'featuremanagement' && method === 'checkpermission') ||
            DESCRIBE_ACCESS.has(method)
        ) {
            events.push({ kind: 'access', at, what });
        } else if (method === 'send' && qualifier !== 'messaging') events.push({ kind: 'callout', at, what });
        else events.push({ kind: 'call', at, what, targets: [], names, receiver: receiverOf(node.dottedExpr) });
        return;
    }
    for (const [key, value] of Object.entries(node))
        if (key !== 'loc') collectEvents(value, source, events, runAs, seen);
}

function readClass(decl: Node, file: string, source: string, outer?: ClassInfo): ClassInfo[] {
    const info: ClassInfo = {
        fields: new Map(),
        file,
        source,
        name: String((decl.name as { value?: unknown } | undefined)?.value ?? ''),
        isTest: (outer?.isTest ?? false) || annotations(decl.modifiers).includes('istest'),
        methods: [],
        ...(outer ? { outer } : {})
    };
    const classes = [info];
    for (const member of (decl.members as Node[] | undefined) ?? []) {
        const kind = classOf(member);
        if (kind.endsWith('BlockMember$InnerClassMember')) {
            classes.push(...readClass(member.body as Node, file, source, info));
            continue;
        }
        if (kind.endsWith('BlockMember$FieldMember')) declaredTypes(member.variableDecls, info.fields);
        if (!kind.endsWith('BlockMember$MethodMember')) continue;
        const decl = member.methodDecl as Node;
        const body = (decl.stmnt as { value?: unknown } | undefined)?.value;
        const method: MethodInfo = {
            variables: declaredTypes([decl.parameters, body], new Map()),
            file,
            className: info.name,
            name: String((decl.name as { value?: unknown } | undefined)?.value ?? ''),
            isTest: info.isTest && annotations(decl.modifiers).includes('istest'),
            line: lineAt(source, decl.loc?.startIndex ?? 0),
            events: [],
            runAs: [],
            effects: new Set()
        };
        collectEvents(body, source, method.events, method.runAs, new Set());
        info.methods.push(method);
    }
    return classes;
}

function insideRunAs(method: MethodInfo, at: number): boolean {
    return method.runAs.some((range) => at >= range.startIndex && at <= range.endIndex);
}

/** Resolves each call to the project's methods it may reach, then spreads effects along calls until stable. */
function resolveCalls(classes: ClassInfo[]): void {
    const byClass = new Map<string, ClassInfo[]>();
    const byMethod = new Map<string, MethodInfo[]>();
    for (const cls of classes) {
        byClass.set(cls.name.toLowerCase(), [...(byClass.get(cls.name.toLowerCase()) ?? []), cls]);
        for (const method of cls.methods) {
            const key = method.name.toLowerCase();
            byMethod.set(key, [...(byMethod.get(key) ?? []), method]);
        }
    }
    for (const cls of classes) {
        for (const method of cls.methods) {
            for (const event of method.events) {
                if (event.kind !== 'call') continue;
                const names = (event.names ?? []).map((n) => n.toLowerCase());
                const name = names.at(-1) ?? '';
                const qualifier = names.length > 1 ? names.at(-2) : undefined;
                const named = (owners: ClassInfo[]) =>
                    owners.flatMap((owner) => owner.methods.filter((m) => m.name.toLowerCase() === name));
                const receiver = event.receiver ?? { kind: 'none' };
                if (names.length === 1 && receiver.kind === 'new') {
                    event.targets = named(byClass.get(receiver.className.toLowerCase()) ?? []);
                } else if (names.length === 1 && receiver.kind === 'none') {
                    const chain: ClassInfo[] = [];
                    for (let c: ClassInfo | undefined = cls; c; c = c.outer) chain.push(c);
                    event.targets = named(chain);
                } else if (qualifier !== undefined && byClass.has(qualifier)) {
                    event.targets = named(byClass.get(qualifier) ?? []);
                } else {
                    let declared = names.length === 2 && qualifier ? method.variables.get(qualifier) : undefined;
                    for (let c: ClassInfo | undefined = cls; !declared && c && qualifier; c = c.outer) {
                        declared = c.fields.get(qualifier);
                    }
                    event.targets =
                        declared && byClass.has(declared)
                            ? named(byClass.get(declared) ?? [])
                            : (byMethod.get(name) ?? []);
                }
            }
        }
    }
    const methods = classes.flatMap((cls) => cls.methods);
    for (const method of methods) {
        for (const event of method.events) {
            if (event.kind === 'dml' || event.kind === 'callout' || event.kind === 'startTest') {
                method.effects.add(event.kind);
            }
            if (event.kind === 'access' && !insideRunAs(method, event.at)) method.effects.add('access');
        }
    }
    for (let changed = true; changed;) {
        changed = false;
        for (const method of methods) {
            for (const event of method.events) {
                for (const target of event.targets ?? []) {
                    for (const effect of target.effects) {
                        if (effect === 'access' && insideRunAs(method, event.at)) continue;
                        if (!method.effects.has(effect)) {
                            method.effects.add(effect);
                            changed = true;
                        }
                    }
                }
            }
        }
    }
}

function effectsOf(event: Event): Set<Effect> {
    if (event.kind !== 'call') return new Set(event.kind === 'stopTest' ? [] : [event.kind]);
    return new Set((event.targets ?? []).flatMap((target) => [...target.effects]));
}

function describeTarget(event: Event): string {
    const targets = event.targets ?? [];
    const owners = [...new Set(targets.map((t) => `${t.className}.${t.name}`))];
    return owners.length === 1 && owners[0] ? owners[0] : event.what;
}

export interface ApexTestFindings {
    calloutAfterDml: string[];
    accessWithoutRunAs: string[];
}

/** Reads every Apex class given and reports the tests that break either rule, as `file:line: message`. */
export async function checkApexTests(files: string[], relative: (file: string) => string): Promise<ApexTestFindings> {
    const classes: ClassInfo[] = [];
    for (const file of files.filter((f) => f.endsWith('.cls'))) {
        const source = await readFile(file, 'utf8');
        classes.push(...readClass(await parseApex(source, file), file, source));
    }
    resolveCalls(classes);
    const findings: ApexTestFindings = { calloutAfterDml: [], accessWithoutRunAs: [] };
    for (const cls of classes) {
        for (const test of cls.methods.filter((m) => m.isTest)) {
            const where = (at: number) => `${relative(test.file)}:${lineAt(cls.source, at)}`;
            let pending: Event | undefined;
            let outerPending: Event | undefined;
            let reported = false;
            for (const event of test.events) {
                const effects = effectsOf(event);
                if (event.kind === 'stopTest') {
                    pending = pending ?? outerPending;
                    continue;
                }
                if (effects.has('startTest')) {
                    outerPending = pending;
                    pending = undefined;
                }
                if (effects.has('callout') && pending) {
                    findings.calloutAfterDml.push(
                        `${where(event.at)}: ${cls.name}.${test.name} calls out (${describeTarget(event)}) after DML at ` +
                            `line ${lineAt(cls.source, pending.at)} (${describeTarget(pending)}) with no Test.startTest() ` +
                            'between them: Salesforce refuses the callout ("You have uncommitted work pending"); do the ' +
                            'DML before Test.startTest() and the callout after it'
                    );
                }
                if (effects.has('access') && !insideRunAs(test, event.at) && !reported) {
                    reported = true;
                    findings.accessWithoutRunAs.push(
                        `${where(event.at)}: ${cls.name}.${test.name} calls ${describeTarget(event)}, which checks the ` +
                            "running user's access, outside System.runAs: it passes or fails with the deploying user's " +
                            "permissions; run it as a test user holding the project's permission sets"
                    );
                }
                if (effects.has('dml')) pending = event;
            }
        }
    }
    return findings;
}
