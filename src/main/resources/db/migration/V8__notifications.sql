-- Notifications and push campaigns (issue 5).

-- Devices that receive FCM pushes. A token belongs to one member; registering it again moves it.
create table device (
    id           bigint generated always as identity primary key,
    member_id    bigint       not null references member (id),
    token        varchar(512) not null unique,
    platform     varchar(10)  not null check (platform in ('ANDROID', 'IOS', 'WEB')),
    app_version  varchar(40),
    locale       varchar(20),
    created_at   timestamptz  not null default now(),
    last_seen_at timestamptz  not null default now()
);
create index device_member_idx on device (member_id);
create index device_last_seen_idx on device (last_seen_at);

-- A member's WeChat mini-program identity (openid per mini-app, unionid when WeChat gives one).
create table wechat_binding (
    member_id bigint      primary key references member (id),
    openid    varchar(64) not null unique,
    unionid   varchar(64),
    bound_at  timestamptz not null default now()
);
create unique index wechat_binding_unionid_uq on wechat_binding (unionid) where unionid is not null;

-- One-time subscription-message consents left per template (wx.requestSubscribeMessage).
create table wechat_subscription (
    member_id    bigint      not null references member (id),
    template_key varchar(40) not null,
    remaining    integer     not null check (remaining >= 0),
    updated_at   timestamptz not null default now(),
    primary key (member_id, template_key)
);

-- What a member wants to hear. Sign-up updates are always on; campaigns only after opting in.
create table notification_preference (
    member_id          bigint      primary key references member (id),
    reminders          boolean     not null default true,
    campaigns_opted_in_at timestamptz,
    quiet_enabled      boolean     not null default true,
    quiet_start        time        not null default '22:00',
    quiet_end          time        not null default '08:00',
    language           varchar(10) not null default 'zh-CN' check (language in ('zh-CN', 'en')),
    updated_at         timestamptz not null default now()
);

-- Interests and follows (audiences for campaigns; the online home builds on them).
create table member_follow (
    member_id   bigint      not null references member (id),
    org_unit_id bigint      not null references org_unit (id),
    followed_at timestamptz not null default now(),
    primary key (member_id, org_unit_id)
);
create index member_follow_unit_idx on member_follow (org_unit_id);

create table member_interest (
    member_id bigint      not null references member (id),
    kind      varchar(30) not null,
    primary key (member_id, kind)
);
create index member_interest_kind_idx on member_interest (kind);

-- Campaigns: content, audience, pacing, and counters kept by the workers.
create table campaign (
    id                  bigint generated always as identity primary key,
    owner_unit_id       bigint        not null references org_unit (id),
    created_by          varchar(64)   not null,
    status              varchar(20)   not null check (status in
                          ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED')),
    title_zh            varchar(60)   not null,
    body_zh             varchar(500)  not null,
    title_en            varchar(120),
    body_en             varchar(1000),
    link                varchar(500),
    audience_unit_id    bigint        references org_unit (id),
    audience_followers_of bigint      references org_unit (id),
    audience_kinds      varchar(30)[],
    audience_event_id   bigint        references event (id),
    audience_statuses   varchar(30)[],
    audience_role       varchar(20)   check (audience_role in ('RESIDENT', 'CADRE')),
    send_at             timestamptz,
    per_minute          integer       check (per_minute > 0),
    audience_size       integer,
    queued              integer       not null default 0,
    sent                integer       not null default 0,
    failed              integer       not null default 0,
    pruned              integer       not null default 0,
    inbox_only          integer       not null default 0,
    skipped             integer       not null default 0,
    created_at          timestamptz   not null default now(),
    started_at          timestamptz,
    finished_at         timestamptz,
    updated_at          timestamptz   not null default now(),
    version             integer       not null default 0
);
create index campaign_owner_idx on campaign (owner_unit_id, id desc);
create index campaign_due_idx on campaign (send_at) where status = 'SCHEDULED';

-- The fan-out: the audience cut into batches of member ids, claimed with FOR UPDATE SKIP LOCKED.
create table campaign_batch (
    id           bigint generated always as identity primary key,
    campaign_id  bigint      not null references campaign (id),
    seq          integer     not null,
    member_ids   bigint[]    not null,
    status       varchar(10) not null default 'QUEUED' check (status in ('QUEUED', 'CLAIMED', 'DONE')),
    attempts     integer     not null default 0,
    lease_until  timestamptz,
    not_before   timestamptz not null default now(),
    claimed_by   varchar(80),
    done_at      timestamptz,
    unique (campaign_id, seq)
);
create index campaign_batch_open_idx on campaign_batch (campaign_id, seq) where status <> 'DONE';

-- The inbox: every notification a member gets, once per cause (dedup_key).
create table notification (
    id           bigint generated always as identity primary key,
    member_id    bigint       not null references member (id),
    category     varchar(20)  not null check (category in ('SIGN_UP', 'REMINDER', 'CAMPAIGN')),
    type         varchar(40)  not null,
    dedup_key    varchar(80)  not null,
    campaign_id  bigint       references campaign (id),
    title_zh     varchar(120),
    body_zh      varchar(1000),
    title_en     varchar(200),
    body_en      varchar(2000),
    link         varchar(500),
    urgent       boolean      not null default false,
    created_at   timestamptz  not null default now(),
    read_at      timestamptz,
    deleted_at   timestamptz,
    pushed_at    timestamptz,
    unique (member_id, dedup_key),
    check ((campaign_id is null) = (title_zh is not null))
);
create index notification_member_idx on notification (member_id, id desc) where deleted_at is null;
create index notification_campaign_idx on notification (campaign_id) where campaign_id is not null;
create index notification_member_category_idx on notification (member_id, category, created_at);

-- Pushes still to be made for transactional notifications (campaigns use their batches).
create table notification_dispatch (
    notification_id bigint      primary key references notification (id),
    next_attempt_at timestamptz not null,
    attempts        integer     not null default 0,
    last_error      varchar(100)
);
create index notification_dispatch_due_idx on notification_dispatch (next_attempt_at);

-- Every push attempt and its outcome.
create table delivery_attempt (
    id              bigint generated always as identity primary key,
    notification_id bigint,
    campaign_id     bigint,
    member_id       bigint      not null,
    channel         varchar(10) not null check (channel in ('FCM', 'WECHAT')),
    target          varchar(80) not null,
    outcome         varchar(20) not null,
    error_code      varchar(60),
    attempted_at    timestamptz not null default now()
);
create index delivery_attempt_notification_idx on delivery_attempt (notification_id);
create index delivery_attempt_campaign_idx on delivery_attempt (campaign_id) where campaign_id is not null;

create index outbox_created_idx on outbox (created_at);
