// lightning/confirm for tests: LightningConfirm.open is a jest.fn the test resolves to true (OK) or false (Cancel).
const LightningConfirm = { open: jest.fn(() => Promise.resolve(true)) };

export default LightningConfirm;
