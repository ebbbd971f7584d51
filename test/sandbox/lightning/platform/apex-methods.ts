import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface ApexMethod {
    className: string;
    method: string;
    cacheable: boolean;
    /** The parameter names, in order. */
    params: string[];
}

const METHOD = /@AuraEnabled(\([^)]*\))?\s+public\s+static\s+[\w<>.,\s]+?\s(\w+)\s*\(([^)]*)\)/g;

/** Every `@AuraEnabled` static method of force-app's classes, by `Class.method`, with whether it is cacheable. */
export function apexMethods(projectDir: string): Map<string, ApexMethod> {
    const dir = join(projectDir, 'force-app', 'main', 'default', 'classes');
    const methods = new Map<string, ApexMethod>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.cls'))) {
        const className = file.slice(0, -'.cls'.length);
        for (const [, annotation, method, params] of readFileSync(join(dir, file), 'utf8').matchAll(METHOD)) {
            methods.set(`${className}.${method}`, {
                className,
                method: method!,
                cacheable: /cacheable\s*=\s*true/i.test(annotation ?? ''),
                params: params!
                    .split(',')
                    .map((param) => param.trim().split(/\s+/).pop()!)
                    .filter(Boolean)
            });
        }
    }
    return methods;
}

/** The `@AuraEnabled` properties of an Apex class (what the platform fills when a component passes that type). */
export function apexProperties(projectDir: string, className: string): string[] {
    const source = readFileSync(
        join(projectDir, 'force-app', 'main', 'default', 'classes', `${className}.cls`),
        'utf8'
    );
    return [...source.matchAll(/@AuraEnabled\s+public\s+[\w<>.,\s]+?\s(\w+)\s*\{\s*get;\s*set;\s*\}/g)].map(
        (m) => m[1]!
    );
}
