// '@salesforce/apex' in tests (lwc-recipes' jest-mocks/apex.js): refreshApex resolves at once and can be asserted.
export const refreshApex = jest.fn(() => Promise.resolve());
