import { jestConfig } from '@salesforce/sfdx-lwc-jest/config.js';

const MOCKS = '<rootDir>/force-app/test/jest-mocks';

// lwc-recipes convention: mocks that Salesforce does not ship live in force-app/test/jest-mocks; shared test data is
// reached by name, not by relative paths.
export default {
    ...jestConfig,
    moduleNameMapper: {
        '^@salesforce/apex$': `${MOCKS}/apex`,
        '^lightning/confirm$': `${MOCKS}/lightning/confirm`,
        '^lightning/navigation$': `${MOCKS}/lightning/navigation`,
        '^lightning/platformShowToastEvent$': `${MOCKS}/lightning/platformShowToastEvent`,
        '^replySyncFixtures$': '<rootDir>/force-app/test/fixtures/replySyncFixtures.js'
    },
    modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
    testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/test/', '<rootDir>/bridge/'],
    setupFilesAfterEnv: [
        ...jestConfig.setupFilesAfterEnv,
        '<rootDir>/force-app/test/jest-setup.js',
        '<rootDir>/force-app/test/jest-labels.js',
        `${MOCKS}/apexMethods.js`
    ]
};
