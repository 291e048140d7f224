-- No-shows (issue 4): confirmed but not checked in when the session ended.
create table no_show (
    registration_id bigint       primary key references registration (id),
    member_id       bigint       not null references member (id),
    session_id      bigint       not null references session (id),
    kind            varchar(30)  not null,
    session_ended_at timestamptz not null,
    recorded_at     timestamptz  not null default now(),
    waived_at       timestamptz,
    waived_by       varchar(64),
    waive_reason    varchar(500),
    check ((waived_at is null) = (waived_by is null))
);
create index no_show_member_kind_idx on no_show (member_id, kind, session_ended_at)
    where waived_at is null;
