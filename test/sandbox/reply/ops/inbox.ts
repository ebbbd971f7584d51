/** Inbox categories: defaults are reserved (403 inboxCategory.cannotModifyDefault), custom ones are editable. */
import { ReplyProblem, forbidden, notFound } from '../problems.ts';
import type { WorkspaceState } from '../state.ts';
import type { InboxCategory } from '../types.ts';

export function requireCategory(s: WorkspaceState, id: number): InboxCategory {
    const category = s.inbox.categories.get(id);
    if (!category) throw notFound('inboxCategory.notFound', `Inbox category ${id} was not found`);
    return category;
}

function checkName(s: WorkspaceState, name: string, except?: number): void {
    const clash = [...s.inbox.categories.values()].find(
        (c) => c.id !== except && c.name.toLowerCase() === name.toLowerCase()
    );
    if (clash) throw new ReplyProblem(400, 'inboxCategory.invalidInput', `A category named '${name}' already exists`);
}

export function createCategory(s: WorkspaceState, input: { name: string; color: string }): InboxCategory {
    checkName(s, input.name);
    const category: InboxCategory = {
        id: s.nextId('category'),
        name: input.name,
        color: input.color,
        isReserved: false
    };
    s.inbox.categories.set(category.id, category);
    return category;
}

export function updateCategory(s: WorkspaceState, id: number, input: { name: string; color: string }): InboxCategory {
    const category = requireCategory(s, id);
    if (category.isReserved)
        throw forbidden('inboxCategory.cannotModifyDefault', 'Default categories cannot be modified');
    checkName(s, input.name, id);
    category.name = input.name;
    category.color = input.color;
    return category;
}

/** Deleting a custom category leaves its threads uncategorised (not thread activity: nobody acted on them). */
export function deleteCategory(s: WorkspaceState, id: number): void {
    const category = requireCategory(s, id);
    if (category.isReserved)
        throw forbidden('inboxCategory.cannotModifyDefault', 'Default categories cannot be deleted');
    for (const thread of s.inbox.threads.values()) if (thread.categoryId === id) thread.categoryId = null;
    s.inbox.categories.delete(id);
}
