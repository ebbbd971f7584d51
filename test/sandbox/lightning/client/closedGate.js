/**
 * A Lightning gate that is closed here. lightning-base-components' stub opens every gate; this one makes
 * lightning-combobox call attachInternals(), which synthetic shadow (what Lightning Experience runs LWC in) does not
 * support.
 */
export default { isOpen: () => false };
