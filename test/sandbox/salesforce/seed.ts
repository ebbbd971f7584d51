/**
 * Deterministic seed data: sales reps (five active, one inactive) besides the integration user, Accounts, Contacts
 * on those Accounts, and Leads in the open statuses, from a handful to 100,000 records. The same seed and sizes
 * always produce the same records, ids and timestamps (timestamps run from a fixed date, one record a second).
 */
import { Faker, en } from '@faker-js/faker';
import { STANDARD_PROFILE } from './access.ts';
import type { SandboxOrg } from './org.ts';
import { INDUSTRIES } from './standard-objects.ts';

export interface SeedOptions {
    seed?: number;
    leads?: number;
    contacts?: number;
    accounts?: number;
}

export interface SeedResult {
    users: { reps: string[]; inactive: string };
    accounts: number;
    contacts: number;
    leads: number;
}

export const DEFAULT_SEED: Required<SeedOptions> = { seed: 1, leads: 50, contacts: 30, accounts: 10 };

/** Seeded records are stamped from this instant on, one second apart. */
const SEED_EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const OPEN_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Not Converted'];

function slug(text: string): string {
    return (
        text
            .toLowerCase()
            .normalize('NFKD')
            .replace(/[^a-z0-9]+/g, '')
            .slice(0, 20) || 'x'
    );
}

export function seedOrg(org: SandboxOrg, options: SeedOptions = {}): SeedResult {
    const settings = { ...DEFAULT_SEED, ...options };
    const faker = new Faker({ locale: [en] });
    faker.seed(settings.seed);
    let clock = SEED_EPOCH;
    const at = (): number => (clock += 1000);
    const creator = org.integrationUserId;

    const rep = (active: boolean, i: number): string => {
        const firstName = faker.person.firstName();
        const lastName = faker.person.lastName();
        const handle = `${slug(firstName)}.${slug(lastName)}${i}`;
        return org.load(
            'User',
            {
                Username: `${handle}@reply-sync.sandbox`,
                FirstName: firstName,
                LastName: lastName,
                Alias: `${slug(firstName).slice(0, 4)}${i}`.slice(0, 8),
                Email: `${handle}@example.com`,
                IsActive: active,
                TimeZoneSidKey: org.settings.timeZone,
                LocaleSidKey: 'en_US',
                LanguageLocaleKey: 'en_US',
                EmailEncodingKey: 'UTF-8',
                UserType: 'Standard',
                Title: 'Account Executive',
                ProfileId: org.profileId(STANDARD_PROFILE)
            },
            at(),
            creator
        );
    };
    const reps = [1, 2, 3, 4, 5].map((i) => rep(true, i));
    const inactive = rep(false, 6);

    const accountIds: string[] = [];
    for (let i = 0; i < settings.accounts; i++) {
        const name = faker.company.name();
        accountIds.push(
            org.load(
                'Account',
                {
                    Name: name,
                    Industry: faker.helpers.arrayElement(INDUSTRIES),
                    Website: `https://www.${slug(name)}${i}.example.com`,
                    Phone: faker.phone.number({ style: 'national' }),
                    BillingCity: faker.location.city(),
                    BillingCountry: faker.location.country().slice(0, 80),
                    NumberOfEmployees: faker.number.int({ min: 5, max: 20000 }),
                    OwnerId: faker.helpers.arrayElement(reps),
                    Type: 'Prospect'
                },
                at(),
                creator
            )
        );
    }

    for (let i = 0; i < settings.contacts; i++) {
        const firstName = faker.person.firstName();
        const lastName = faker.person.lastName();
        org.load(
            'Contact',
            {
                FirstName: firstName,
                LastName: lastName,
                Email: `${slug(firstName)}.${slug(lastName)}.c${i}@example.com`,
                Title: faker.person.jobTitle().slice(0, 128),
                Phone: faker.phone.number({ style: 'national' }),
                AccountId: accountIds.length > 0 ? (accountIds[i % accountIds.length] as string) : null,
                LeadSource: faker.helpers.arrayElement(LEAD_SOURCES),
                MailingCity: faker.location.city().slice(0, 40),
                OwnerId: faker.helpers.arrayElement(reps)
            },
            at(),
            creator
        );
    }

    for (let i = 0; i < settings.leads; i++) {
        const firstName = faker.person.firstName();
        const lastName = faker.person.lastName();
        const company = faker.company.name();
        org.load(
            'Lead',
            {
                FirstName: firstName,
                LastName: lastName,
                Company: company,
                Email: `${slug(firstName)}.${slug(lastName)}.l${i}@${slug(company)}.example.com`,
                Title: faker.person.jobTitle().slice(0, 128),
                Phone: faker.phone.number({ style: 'national' }),
                Status: faker.helpers.weightedArrayElement(
                    OPEN_STATUSES.map((value, k) => ({ value, weight: [6, 3, 1][k] as number }))
                ),
                LeadSource: faker.helpers.arrayElement(LEAD_SOURCES),
                Industry: faker.helpers.arrayElement(INDUSTRIES),
                City: faker.location.city().slice(0, 40),
                Country: faker.location.country().slice(0, 80),
                OwnerId: faker.helpers.arrayElement(reps)
            },
            at(),
            creator
        );
    }
    return {
        users: { reps, inactive },
        accounts: settings.accounts,
        contacts: settings.contacts,
        leads: settings.leads
    };
}
