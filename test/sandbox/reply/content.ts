/**
 * The words the simulated workspace uses: sequence templates, prospect replies, call and meeting notes. Plain data so
 * the seed and the simulator stay about behaviour.
 */
import type { CallDisposition, Contact, LinkedInAction, StepType, TeamUser } from './types.ts';

export interface StepTemplate {
    type: StepType;
    delayInMinutes: number;
    subject?: string;
    body?: string;
    actionType?: LinkedInAction;
}

export interface SequenceTemplate {
    name: string;
    steps: StepTemplate[];
}

export const SEQUENCE_TEMPLATES: SequenceTemplate[] = [
    {
        name: 'Outbound - VP Sales',
        steps: [
            {
                type: 'email',
                delayInMinutes: 0,
                subject: 'Quick question, {{firstName}}',
                body: 'Hi {{firstName}}, how does {{company}} keep pipeline reviews honest today? We help sales teams see every touch in one place. Worth a 15-minute look?'
            },
            {
                type: 'linkedIn',
                delayInMinutes: 1440,
                actionType: 'connect',
                body: 'Hi {{firstName}}, I work with sales leaders like you. Would be glad to connect.'
            },
            {
                type: 'email',
                delayInMinutes: 2880,
                subject: 'Re: Quick question, {{firstName}}',
                body: 'Following up on my note: teams like yours cut reporting time by a third. Open to a short call next week?'
            },
            { type: 'call', delayInMinutes: 1440, body: 'Intro call: qualify pain around pipeline visibility.' },
            {
                type: 'email',
                delayInMinutes: 4320,
                subject: 'Should I close your file?',
                body: "{{firstName}}, I haven't heard back, so I'll assume the timing is off. If that changes, just reply to this email."
            }
        ]
    },
    {
        name: 'Event follow-up',
        steps: [
            {
                type: 'email',
                delayInMinutes: 0,
                subject: 'Great meeting you at the summit',
                body: 'Hi {{firstName}}, thanks for stopping by our booth. Here is the deck we talked about: https://example.com/deck'
            },
            { type: 'task', delayInMinutes: 1440, body: 'Research {{company}} and personalise the next touch' },
            {
                type: 'email',
                delayInMinutes: 2880,
                subject: 'The case study I mentioned',
                body: 'As promised, the case study: https://example.com/case-study. Would a short demo help?'
            }
        ]
    },
    {
        name: 'Inbound trial nurture',
        steps: [
            {
                type: 'email',
                delayInMinutes: 0,
                subject: 'Welcome to your trial, {{firstName}}',
                body: 'Hi {{firstName}}, I am your point of contact during the trial. Here is a 3-minute setup guide: https://example.com/guide'
            },
            {
                type: 'email',
                delayInMinutes: 2880,
                subject: 'How is the trial going?',
                body: 'Any questions so far? Most teams at {{company}} size start with the reporting module.'
            },
            { type: 'call', delayInMinutes: 1440, body: 'Trial check-in call' },
            {
                type: 'linkedIn',
                delayInMinutes: 1440,
                actionType: 'message',
                body: 'Hi {{firstName}}, checking in on your trial. Anything I can help with?'
            },
            {
                type: 'email',
                delayInMinutes: 4320,
                subject: 'Your trial ends soon',
                body: 'Your trial ends in three days. Want me to extend it while you finish the evaluation?'
            },
            { type: 'task', delayInMinutes: 1440, body: 'Send a personal video to {{firstName}}' }
        ]
    },
    {
        name: 'LinkedIn-first ABM',
        steps: [
            { type: 'linkedIn', delayInMinutes: 0, actionType: 'viewProfile' },
            {
                type: 'linkedIn',
                delayInMinutes: 1440,
                actionType: 'connect',
                body: 'Hi {{firstName}}, following {{company}} for a while. Happy to connect.'
            },
            {
                type: 'email',
                delayInMinutes: 2880,
                subject: 'Idea for {{company}}',
                body: 'Hi {{firstName}}, one idea for {{company}}: route every reply straight to the account owner. Worth a chat?'
            },
            {
                type: 'linkedIn',
                delayInMinutes: 2880,
                actionType: 'message',
                body: 'Did my email reach you, {{firstName}}? Glad to share a two-minute overview.'
            }
        ]
    },
    {
        name: 'Re-engagement Q3',
        steps: [
            {
                type: 'email',
                delayInMinutes: 0,
                subject: 'Still on your radar, {{firstName}}?',
                body: 'We spoke a while ago. A lot has changed since: SSO, Salesforce sync and a new analytics view.'
            },
            { type: 'call', delayInMinutes: 2880, body: 'Re-engagement call' },
            {
                type: 'email',
                delayInMinutes: 4320,
                subject: 'Last note from me',
                body: 'Closing the loop. If now is not the time, no worries at all.'
            }
        ]
    },
    {
        name: 'Partner referrals',
        steps: [
            {
                type: 'email',
                delayInMinutes: 0,
                subject: '{{firstName}}, introduced by our partner',
                body: 'Our partner suggested I reach out about {{company}}. Do you have 20 minutes this week?'
            },
            {
                type: 'linkedIn',
                delayInMinutes: 1440,
                actionType: 'inMail',
                body: 'Following up on my email about the partner introduction.'
            },
            { type: 'task', delayInMinutes: 2880, body: 'Ask the partner for a warm intro to {{firstName}}' }
        ]
    }
];

export type ReplyKind =
    'interested' | 'notInterested' | 'meeting' | 'wrongPerson' | 'unsubscribe' | 'question' | 'neutral';

export const REPLY_KINDS: readonly (readonly [ReplyKind, number])[] = [
    ['interested', 30],
    ['notInterested', 24],
    ['meeting', 12],
    ['wrongPerson', 6],
    ['unsubscribe', 10],
    ['question', 8],
    ['neutral', 10]
];

export const REPLY_CATEGORY: Record<ReplyKind, string | null> = {
    interested: 'Interested',
    notInterested: 'Not interested',
    meeting: 'Meeting booked',
    wrongPerson: 'Wrong person',
    unsubscribe: 'Do not contact',
    question: 'Interested',
    neutral: null
};

export const REPLY_TEXTS: Record<ReplyKind, string[]> = {
    interested: [
        'Thanks {{senderFirstName}}, this is timely. Can you send more details?',
        'Sounds interesting. What does pricing look like for a team of our size?'
    ],
    notInterested: [
        'Not a priority for us this year, thanks.',
        'We already have a solution for this. Please take me off.'
    ],
    meeting: ['Happy to chat. Does Thursday at 2pm work?', 'Sure, send me an invite for next Tuesday morning.'],
    wrongPerson: ['I am not the right person for this, try our head of sales operations.'],
    unsubscribe: ['Please remove me from your mailing list.', 'Unsubscribe.'],
    question: ['Do you integrate with Salesforce?', 'Is there an API we could use?'],
    neutral: ['Got it, thanks.', 'Noted.']
};

export const OUT_OF_OFFICE = 'I am out of the office until {{returnDate}} with limited access to email.';

export const OWNER_ANSWERS = [
    'Great to hear, {{firstName}}. I have sent over a calendar link, pick any slot that suits you.',
    'Thanks {{firstName}}! Attaching a one-pager; happy to walk you through it.'
];

export const CALL_NOTES: Record<CallDisposition, string[]> = {
    connected: ['Spoke with {{firstName}}: evaluating tools next quarter.', 'Good call, wants a demo for the team.'],
    noAnswer: ['No answer.'],
    leftVoicemail: ['Left a voicemail mentioning the email thread.'],
    busy: ['Line busy.'],
    wrongNumber: ['Wrong number, need to find a direct dial.']
};

export const CALL_DISPOSITIONS: readonly (readonly [CallDisposition, number])[] = [
    ['connected', 30],
    ['noAnswer', 35],
    ['leftVoicemail', 25],
    ['busy', 5],
    ['wrongNumber', 5]
];

export const LINK_URLS = ['https://example.com/deck', 'https://example.com/case-study', 'https://example.com/guide'];

export const LINKEDIN_REPLIES = ['Thanks for reaching out, happy to connect.', 'Interesting, tell me more.'];

export function render(
    template: string,
    contact: Contact,
    sender?: TeamUser,
    extra: Record<string, string> = {}
): string {
    const values: Record<string, string> = {
        firstName: contact.firstName ?? '',
        lastName: contact.lastName ?? '',
        company: contact.company ?? 'your company',
        senderFirstName: sender?.firstName ?? '',
        ...extra
    };
    return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}
