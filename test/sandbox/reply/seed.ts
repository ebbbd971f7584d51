/**
 * Deterministic workspace seeding: a team of 4-6 users, inbox categories, custom fields, lists, sequences with 3-6
 * steps, realistic people (from faker, seeded) and, optionally, a few weeks of sequence history run through the
 * engine. The same options always give the same workspace.
 */
import { Faker, base, en } from '@faker-js/faker';
import { DAY, HOUR, MINUTE } from './clock.ts';
import { SEQUENCE_TEMPLATES } from './content.ts';
import { addNote } from './ops/activity.ts';
import { enrol } from './ops/sequences.ts';
import { Random } from './random.ts';
import { mainPath } from './sequence-graph.ts';
import type { SequenceEngine } from './simulator.ts';
import type { WorkspaceState } from './state.ts';
import type { CompanySize, Contact, InboxCategory, Sequence, SequenceStatus, SequenceStep, TeamUser } from './types.ts';

export interface SeedOptions {
    /** PRNG seed (default 1) */
    seed?: number;
    /** number of people (default 200, up to 100,000) */
    people?: number;
    /** team size, 4-6 (default derived from the seed) */
    users?: number;
    /** how many people have sequence history (default 30% of people, at most 1,500) */
    enrolled?: number;
    /** how many days of history to simulate before now (default 14) */
    historyDays?: number;
}

export const DEFAULT_CATEGORIES: readonly Omit<InboxCategory, 'id'>[] = [
    { name: 'Interested', color: '#4caf50', isReserved: true },
    { name: 'Not interested', color: '#f44336', isReserved: true },
    { name: 'Meeting booked', color: '#2196f3', isReserved: true },
    { name: 'Do not contact', color: '#212121', isReserved: true },
    { name: 'Wrong person', color: '#ff9800', isReserved: true },
    { name: 'Out of office', color: '#9c27b0', isReserved: true }
];

const TEAM_ID = 7001;
const FIRST_USER_ID = 1001;

function slug(text: string): string {
    return text
        .normalize('NFKD')
        .replace(/[^\w\s-]/g, '')
        .trim()
        .toLowerCase()
        .replace(/[\s_]+/g, '-')
        .replace(/-+/g, '-');
}

function makeFaker(seed: number): Faker {
    const faker = new Faker({ locale: [en, base] });
    faker.seed(seed);
    return faker;
}

/** The team, its users and the default inbox categories: present even in an unseeded workspace. */
export function seedTeam(s: WorkspaceState, options: { seed?: number; users?: number } = {}): void {
    const seed = options.seed ?? 1;
    const faker = makeFaker(seed * 7919);
    const count = Math.min(6, Math.max(4, options.users ?? 4 + (seed % 3)));
    const domain = `${slug(faker.company.name().split(/[\s,-]/)[0] ?? 'acme')}-sales.example`;
    for (let i = 0; i < count; i++) {
        const firstName = faker.person.firstName();
        const lastName = faker.person.lastName();
        const user: TeamUser = {
            id: FIRST_USER_ID + i,
            email: `${slug(firstName)}.${slug(lastName)}@${domain}`.replace(/-/g, ''),
            firstName,
            lastName,
            role: i === 0 ? 'owner' : i === 1 ? 'admin' : 'member',
            emailAccountId: 20_001 + i,
            linkedInAccountId: 30_001 + i
        };
        s.users.set(user.id, user);
    }
    s.team = { id: TEAM_ID, name: `${domain.split('-')[0] ?? 'Sandbox'} sales`, ownerUserId: FIRST_USER_ID };
    for (const category of DEFAULT_CATEGORIES) {
        const id = s.nextId('category');
        s.inbox.categories.set(id, { id, ...category });
    }
}

const CUSTOM_FIELDS = [
    { title: 'Lead Source', fieldType: 'text' as const },
    { title: 'Employees', fieldType: 'number' as const },
    { title: 'Deal Size', fieldType: 'number' as const },
    { title: 'Segment', fieldType: 'text' as const }
];
const LISTS = [
    { name: 'Hot leads', isShared: true },
    { name: 'Conference 2025', isShared: true },
    { name: 'Newsletter', isShared: false },
    { name: 'Enterprise accounts', isShared: true }
];
const LEAD_SOURCES = ['Website', 'Webinar', 'Referral', 'Conference', 'Outbound', 'Partner'];
const SEGMENTS = ['SMB', 'Mid-Market', 'Enterprise'];
const SIZES: readonly (readonly [CompanySize, number, number])[] = [
    ['ten', 1, 10],
    ['fifty', 11, 50],
    ['twoHundred', 51, 200],
    ['fiveHundred', 201, 500],
    ['oneThousand', 501, 1000],
    ['fiveThousand', 1001, 5000],
    ['tenThousand', 5001, 10_000]
];
const COUNTRIES: readonly (readonly [string, string, number])[] = [
    ['United States', 'Eastern Standard Time', 50],
    ['United States', 'Pacific Standard Time', 15],
    ['United Kingdom', 'GMT Standard Time', 12],
    ['Germany', 'Central European Standard Time', 8],
    ['France', 'Central European Standard Time', 5],
    ['Canada', 'Eastern Standard Time', 5],
    ['Australia', 'AUS Eastern Standard Time', 5]
];
// The LinkedIn-first sequence (index 3) stays active so every LinkedIn action occurs; one is paused, one archived.
const SEQUENCE_STATUSES: readonly SequenceStatus[] = ['active', 'active', 'active', 'active', 'paused', 'paused'];

interface Company {
    name: string;
    domain: string;
    industry: string;
    size: (typeof SIZES)[number];
    country: (typeof COUNTRIES)[number];
    city: string;
    state: string;
}

/** Everything beyond the team: fields, lists, sequences, people, and history up to now. */
export function seedWorkspace(s: WorkspaceState, engine: SequenceEngine, options: SeedOptions = {}): void {
    const seed = options.seed ?? 1;
    const people = Math.max(0, Math.min(100_000, Math.floor(options.people ?? 200)));
    const historyDays = Math.max(0, options.historyDays ?? 14);
    const faker = makeFaker(seed);
    const random = new Random(seed * 31 + 7);
    const now = s.now();
    const historyStart = now - historyDays * DAY;
    const users = [...s.users.values()];

    for (const field of CUSTOM_FIELDS) {
        const id = s.nextId('customField');
        s.customFields.set(id, { id, ...field, metadata: null, orgWide: true });
    }
    for (const [index, list] of LISTS.entries()) {
        const id = s.nextId('list');
        const owner = users[index % users.length] as TeamUser;
        s.lists.set(id, { id, ...list, ownerUserId: owner.id, createdAt: historyStart - 60 * DAY, members: new Set() });
    }
    const sequenceCount = Math.min(SEQUENCE_TEMPLATES.length, 5 + (seed % 2));
    for (let i = 0; i < sequenceCount; i++) {
        createSequence(s, i, users[i % users.length] as TeamUser, historyStart - 30 * DAY, i === 2);
    }

    createPeople(s, faker, random, people, historyStart - 120 * DAY, historyStart - HOUR);
    runHistory(s, engine, random, options.enrolled ?? Math.min(Math.round(people * 0.3), 1500), historyStart, now);
}

function createSequence(
    s: WorkspaceState,
    index: number,
    owner: TeamUser,
    created: number,
    listedOutOfOrder: boolean
): void {
    const template = SEQUENCE_TEMPLATES[index] as (typeof SEQUENCE_TEMPLATES)[number];
    const id = s.nextId('sequence');
    // One sequence gets step ids that run against its order, so clients must follow parentId, never list order.
    const stepIds = template.steps.map(() => s.nextId('step'));
    if (listedOutOfOrder) stepIds.reverse();
    const steps: SequenceStep[] = template.steps.map((step, position) => {
        const variant = (n: number) => ({
            id: s.nextId('variant'),
            isEnabled: true,
            ...(step.type === 'email'
                ? { subject: n === 0 ? step.subject : `${step.subject} (B)`, body: step.body }
                : {}),
            ...(step.type === 'linkedIn'
                ? { actionType: step.actionType, ...(step.body ? { message: step.body } : {}) }
                : {}),
            ...(step.type === 'call' || step.type === 'task' ? { body: step.body } : {})
        });
        return {
            id: stepIds[position] as number,
            type: step.type,
            delayInMinutes: step.delayInMinutes,
            executionMode: step.type === 'call' || step.type === 'task' ? 'manual' : 'automatic',
            parentId: position === 0 ? null : (stepIds[position - 1] as number),
            variants: step.type === 'email' && position === 0 ? [variant(0), variant(1)] : [variant(0)]
        };
    });
    steps.sort((a, b) => a.id - b.id);
    const sequence: Sequence = {
        id,
        ownerUserId: owner.id,
        name: template.name,
        status: SEQUENCE_STATUSES[index] ?? 'active',
        created,
        isArchived: index === 5,
        health: index === 4 ? 'degraded' : 'healthy',
        scheduleId: 1,
        emailAccountIds: [owner.emailAccountId],
        linkedInAccountIds: [owner.linkedInAccountId],
        steps,
        stepOrder: mainPath(steps)
    };
    s.sequences.set(id, sequence);
}

function createPeople(s: WorkspaceState, faker: Faker, random: Random, count: number, from: number, to: number): void {
    const companies: Company[] = [];
    const companyCount = Math.min(5000, Math.max(5, Math.ceil(count / 6)));
    for (let i = 0; i < companyCount; i++) {
        const name = faker.company.name();
        const country = random.weighted(COUNTRIES.map((c) => [c, c[2]] as const));
        companies.push({
            name,
            domain: `${slug(name.split(/[\s,]/)[0] ?? 'company')}${i}.example`,
            industry: faker.commerce.department(),
            size: random.pick(SIZES),
            country,
            city: faker.location.city(),
            state: faker.location.state()
        });
    }
    const users = [...s.users.values()];
    const fields = [...s.customFields.values()];
    const lists = [...s.lists.values()];
    const span = Math.max(1, to - from);
    for (let i = 0; i < count; i++) {
        const company = random.pick(companies);
        const firstName = faker.person.firstName();
        const lastName = faker.person.lastName();
        const local = `${slug(firstName)}.${slug(lastName)}`.replace(/[^a-z0-9.]/g, '');
        let email = `${local}@${company.domain}`;
        if (s.contacts.findByEmail(email)) email = `${local}${i}@${company.domain}`;
        const at = Math.floor(from + (span * i) / Math.max(1, count));
        const contact: Contact = {
            id: s.nextId('contact'),
            email,
            firstName,
            lastName,
            title: faker.person.jobTitle(),
            company: company.name,
            domain: company.domain,
            companySize: company.size[0],
            city: company.city,
            state: company.country[0] === 'United States' ? company.state : null,
            country: company.country[0],
            timeZoneId: company.country[1],
            phone: random.chance(0.85)
                ? `+1${random.int(201, 989)}${random.int(200, 999)}${random.int(1000, 9999)}`
                : null,
            phoneStatus: null,
            linkedInUrl: random.chance(0.8)
                ? `https://www.linkedin.com/in/${local.replace('.', '-')}-${i.toString(36)}`
                : null,
            linkedInSalesNavigatorUrl: null,
            linkedInRecruiterUrl: null,
            industry: company.industry,
            notes: null,
            accountId: null,
            ownerUserId: random.pick(users).id,
            isOptedOut: false,
            callStatus: 'none',
            meetingStatus: 'none',
            addingDate: at,
            createdAt: at,
            lastModifiedAt: at,
            customFields: new Map(),
            listIds: []
        };
        contact.phoneStatus = contact.phone ? 'valid' : null;
        const [leadSource, employees, dealSize, segment] = fields;
        if (leadSource && random.chance(0.7)) contact.customFields.set(leadSource.id, random.pick(LEAD_SOURCES));
        if (employees) contact.customFields.set(employees.id, random.int(company.size[1], company.size[2]));
        if (dealSize && random.chance(0.3)) contact.customFields.set(dealSize.id, random.int(5, 250) * 1000);
        if (segment && random.chance(0.5)) contact.customFields.set(segment.id, random.pick(SEGMENTS));
        if (random.chance(0.2)) {
            const list = random.pick(lists);
            list.members.add(contact.id);
            contact.listIds.push(list.id);
        }
        s.contacts.add(contact);
    }
}

/**
 * Enrols people at times spread over the history window and lets the engine run up to now, interleaving the
 * enrolments (and a few manual notes) with the engine in time order so indexes only ever append.
 */
function runHistory(
    s: WorkspaceState,
    engine: SequenceEngine,
    random: Random,
    enrolled: number,
    from: number,
    now: number
): void {
    const sequences = [...s.sequences.values()].filter((sequence) => !sequence.isArchived);
    const contacts = [...s.contacts.values()];
    if (sequences.length === 0 || contacts.length === 0) return;
    const chosen = new Set<number>();
    const plan: { at: number; contact: Contact; kind: 'enrol' | 'note' }[] = [];
    const target = Math.min(enrolled, contacts.length);
    for (let guard = 0; chosen.size < target && guard < target * 20; guard++) {
        const index = random.int(0, contacts.length - 1);
        if (chosen.has(index)) continue;
        chosen.add(index);
        plan.push({ at: random.int(from, now - HOUR), contact: contacts[index] as Contact, kind: 'enrol' });
    }
    const notes = Math.min(contacts.length, Math.ceil(contacts.length * 0.05), 2000);
    for (let i = 0; i < notes; i++) {
        plan.push({ at: random.int(from, now - MINUTE), contact: random.pick(contacts), kind: 'note' });
    }
    plan.sort((a, b) => a.at - b.at || a.contact.id - b.contact.id);
    for (const item of plan) {
        engine.runUntil(item.at);
        if (!s.contacts.get(item.contact.id)) continue;
        if (item.kind === 'note') {
            const author = s.users.get(item.contact.ownerUserId) ?? s.owner;
            addNote(
                s,
                item.contact,
                `Researched ${item.contact.company ?? 'the account'}; ${random.pick(NOTE_LINES)}`,
                author.id,
                item.at
            );
            continue;
        }
        if (item.contact.isOptedOut || s.memberships.isEnrolled(item.contact.id)) continue;
        // Mostly running sequences, some waiting in paused or not-yet-started ones.
        const sequence = random.chance(0.85)
            ? random.pick(sequences.filter((q) => q.status === 'active'))
            : random.pick(sequences);
        enrol(s, sequence, item.contact, sequence.stepOrder[0] as number, item.at, false, item.at);
    }
    engine.runUntil(now);
}

const NOTE_LINES = [
    'budget planning starts in Q3.',
    'uses a competitor, contract renews in spring.',
    'prefers email over calls.',
    'met at the regional meetup.',
    'asked for security documentation.'
];
