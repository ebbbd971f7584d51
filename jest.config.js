import { jestConfig } from '@salesforce/sfdx-lwc-jest/config.js';

// lwc-recipes convention: mocks that Salesforce does not ship live in force-app/test/jest-mocks.
export default {
    ...jestConfig,
    modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
    testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/test/', '<rootDir>/bridge/'],
    setupFilesAfterEnv: [...jestConfig.setupFilesAfterEnv, '<rootDir>/force-app/test/jest-setup.js']
};
