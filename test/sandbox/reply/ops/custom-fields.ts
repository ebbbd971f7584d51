/** Custom field definitions: text or number only (the only types v3 creates), titles unique case-insensitively. */
import { conflict, notFound } from '../problems.ts';
import type { WorkspaceState } from '../state.ts';
import type { CustomField, CustomFieldType } from '../types.ts';

export function createCustomField(
    s: WorkspaceState,
    input: { title: string; fieldType: CustomFieldType; metadata?: unknown; orgWide: boolean }
): CustomField {
    const clash = [...s.customFields.values()].find((field) => field.title.toLowerCase() === input.title.toLowerCase());
    if (clash) throw conflict('customField.alreadyExists', `A custom field titled '${input.title}' already exists`);
    const field: CustomField = {
        id: s.nextId('customField'),
        title: input.title,
        fieldType: input.fieldType,
        metadata: input.metadata ?? null,
        orgWide: input.orgWide
    };
    s.customFields.set(field.id, field);
    return field;
}

export function requireCustomField(s: WorkspaceState, id: number): CustomField {
    const field = s.customFields.get(id);
    if (!field) throw notFound('customField.notFound', `Custom field ${id} was not found`);
    return field;
}

/** Deleting a field drops its values from every contact; that is a change to those contacts. */
export function deleteCustomField(s: WorkspaceState, id: number, at: number): void {
    requireCustomField(s, id);
    for (const contact of s.contacts.values()) {
        if (contact.customFields.delete(id)) s.touch(contact, at);
    }
    s.customFields.delete(id);
}
