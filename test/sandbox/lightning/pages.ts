/**
 * The Lightning Experience chrome around the components, server-rendered with SLDS: the global header (with the
 * sign-in switch), the app's navigation bar, and the page: the Reply Sync tab (the console, as its App Page places
 * it) or a Lead or Contact record page (highlights, details and the Reply Activity panel in the side column, as
 * Reply_Sync_Lead_Record_Page lays it out).
 */
import { CONSOLE_USERS, type ConsoleUser } from './platform/users.ts';

export interface PageSession {
    user: ConsoleUser;
    name: string;
    customPermissions: string[];
}

const escape = (text: unknown) =>
    String(text ?? '').replace(
        /[&<>"']/g,
        (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!
    );

const STYLE = `
body { background: #b0c4df linear-gradient(#b0c4df, #f3f3f3 12rem) no-repeat; min-height: 100vh; }
.page { padding: 0.75rem; }
.global-header { background: #fff; box-shadow: 0 2px 2px rgba(0,0,0,.1); }
.switch select { min-width: 16rem; }
`;

function shell(options: { title: string; session: PageSession; tab: 'console' | 'leads'; url: string; body: string }) {
    const { session } = options;
    const switchOptions = CONSOLE_USERS.map(
        (user) =>
            `<option value="${user.key}"${user.key === session.user.key ? ' selected' : ''}>${escape(user.description)}</option>`
    ).join('');
    const tab = (key: string, href: string, label: string) =>
        `<li class="slds-context-bar__item${options.tab === key ? ' slds-is-active' : ''}"><a href="${href}?as=${session.user.key}" class="slds-context-bar__label-action"${options.tab === key ? ' aria-current="page"' : ''}><span class="slds-truncate">${label}</span></a></li>`;
    const config = { user: session.user.key, userName: session.name, customPermissions: session.customPermissions };
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(options.title)} | Salesforce</title>
<link rel="stylesheet" href="/slds/styles/salesforce-lightning-design-system.min.css">
<style>${STYLE}</style>
<script>window.$Lightning = ${JSON.stringify(config).replace(/</g, '\\u003c')};</script>
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<header class="global-header slds-p-horizontal_medium slds-p-vertical_x-small slds-grid slds-grid_align-spread slds-grid_vertical-align-center">
  <span class="slds-text-heading_small">Salesforce <span class="slds-text-color_weak">(browser sandbox)</span></span>
  <form class="switch slds-form-element slds-grid slds-grid_vertical-align-center" method="get" action="${escape(options.url)}">
    <label class="slds-form-element__label" for="as">Signed in as ${escape(session.name)}</label>
    <div class="slds-select_container"><select class="slds-select" id="as" name="as" onchange="this.form.submit()">${switchOptions}</select></div>
  </form>
</header>
<nav class="slds-context-bar" aria-label="Reply Sync">
  <div class="slds-context-bar__primary"><div class="slds-context-bar__item slds-no-hover"><span class="slds-context-bar__label-action slds-context-bar__app-name"><span class="slds-truncate">Reply Sync</span></span></div></div>
  <ul class="slds-grid">${tab('console', '/lightning/n/Reply_Sync', 'Reply Sync')}${tab('leads', '/lightning/o/Lead/list', 'Leads')}</ul>
</nav>
<main class="page">
${options.body}
</main>
</body>
</html>`;
}

export function consolePage(session: PageSession): string {
    return shell({
        title: 'Reply Sync',
        session,
        tab: 'console',
        url: '/lightning/n/Reply_Sync',
        body: `<h1 class="slds-assistive-text">Reply Sync</h1><div data-lwc="c-reply-sync-console"></div>`
    });
}

export interface PersonRecord {
    Id: string;
    Name: string;
    objectApiName: 'Lead' | 'Contact';
    fields: [label: string, value: unknown][];
}

export function recordPage(session: PageSession, record: PersonRecord): string {
    const icon = record.objectApiName === 'Lead' ? 'lead' : 'contact';
    const highlights = record.fields
        .slice(0, 4)
        .map(
            ([label, value]) =>
                `<li class="slds-page-header__detail-block"><div class="slds-text-title slds-truncate">${escape(label)}</div><div class="slds-truncate">${escape(value || '—')}</div></li>`
        )
        .join('');
    const details = record.fields
        .map(
            ([label, value]) =>
                `<div class="slds-col slds-size_1-of-2 slds-form-element slds-form-element_readonly slds-m-bottom_x-small"><span class="slds-form-element__label">${escape(label)}</span><div class="slds-form-element__control"><div class="slds-form-element__static">${escape(value || '—')}</div></div></div>`
        )
        .join('');
    const body = `
<div class="slds-page-header slds-page-header_record-home slds-m-bottom_small">
  <div class="slds-page-header__row"><div class="slds-page-header__col-title"><div class="slds-media">
    <div class="slds-media__figure"><span class="slds-icon_container slds-icon-standard-${icon}"><svg class="slds-icon slds-page-header__icon" aria-hidden="true"><use href="/slds/icons/standard-sprite/svg/symbols.svg#${icon}"></use></svg></span></div>
    <div class="slds-media__body"><div class="slds-page-header__name-title"><span>${record.objectApiName}</span><h1 class="slds-page-header__title slds-truncate" title="${escape(record.Name)}">${escape(record.Name)}</h1></div></div>
  </div></div></div>
  <div class="slds-page-header__row slds-page-header__row_gutters"><div class="slds-page-header__col-details"><ul class="slds-page-header__detail-row">${highlights}</ul></div></div>
</div>
<div class="slds-grid slds-gutters_small slds-wrap">
  <div class="slds-col slds-size_1-of-1 slds-large-size_2-of-3 slds-m-bottom_small">
    <article class="slds-card"><div class="slds-card__header"><h2 class="slds-card__header-title">Details</h2></div>
    <div class="slds-card__body slds-card__body_inner"><div class="slds-grid slds-wrap slds-gutters_small">${details}</div></div></article>
  </div>
  <div class="slds-col slds-size_1-of-1 slds-large-size_1-of-3">
    <div data-lwc="c-reply-person-activity" data-props="${escape(JSON.stringify({ recordId: record.Id }))}"></div>
  </div>
</div>`;
    return shell({
        title: record.Name,
        session,
        tab: 'leads',
        url: `/lightning/r/${record.objectApiName}/${record.Id}/view`,
        body
    });
}

export function leadListPage(session: PageSession, leads: Record<string, unknown>[]): string {
    const rows = leads
        .map(
            (lead) =>
                `<tr><th scope="row"><a href="/lightning/r/Lead/${escape(lead.Id)}/view?as=${session.user.key}">${escape(lead.Name)}</a></th><td>${escape(lead.Company)}</td><td>${escape(lead.Status)}</td><td>${escape(lead.Reply_Status__c || '—')}</td></tr>`
        )
        .join('');
    return shell({
        title: 'Leads',
        session,
        tab: 'leads',
        url: '/lightning/o/Lead/list',
        body: `<article class="slds-card"><div class="slds-card__header"><h1 class="slds-card__header-title">Leads in Reply</h1></div>
<div class="slds-card__body"><table class="slds-table slds-table_bordered slds-table_cell-buffer"><thead><tr><th scope="col">Name</th><th scope="col">Company</th><th scope="col">Lead Status</th><th scope="col">Reply status</th></tr></thead><tbody>${rows}</tbody></table></div></article>`
    });
}
