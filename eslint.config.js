import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import lwcConfig from '@salesforce/eslint-config-lwc';

const LWC = 'force-app/main/default/lwc/**/*.js';
const LWC_TESTS = ['force-app/**/__tests__/**/*.js', 'force-app/test/**/*.js'];

export default [
    {
        ignores: [
            'node_modules/**',
            'coverage/**',
            '.data/**',
            'data/**',
            'bridge/generated/**',
            'dist/**',
            '.sfdx/**',
            '.sf/**'
        ]
    },
    // Lightning Web Components: Salesforce's recommended rules.
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: [LWC] })),
    {
        files: LWC_TESTS,
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
    },
    // TypeScript: bridge, scripts, tests.
    ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['**/*.ts'] })),
    {
        files: ['**/*.ts'],
        languageOptions: { globals: globals.node },
        rules: {
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            '@typescript-eslint/consistent-type-imports': 'error',
            eqeqeq: ['error', 'smart'],
            'no-console': 'off'
        }
    },
    {
        // Tests read arbitrary JSON answers.
        files: ['test/**/*.ts'],
        rules: { '@typescript-eslint/no-explicit-any': 'off' }
    },
    // Plain Node scripts and config files.
    {
        files: ['**/*.mjs', '*.js', 'bridge/bin/*.js', 'scripts/**/*.js'],
        ...js.configs.recommended,
        languageOptions: { globals: globals.node, sourceType: 'module' }
    }
];
