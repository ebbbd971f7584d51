// lightning/navigation for tests: NavigationMixin records where the component navigated (lwc-recipes convention).
export const mockNavigate = jest.fn();

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            mockNavigate({ pageReference, replace });
        }

        [GenerateUrl]() {
            return Promise.resolve('https://example.com/generated');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const getNavigateCalledWith = () => mockNavigate.mock.lastCall?.[0] ?? { pageReference: undefined };
