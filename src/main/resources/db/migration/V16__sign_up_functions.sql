-- The sign-up's hot path in two round trips (issue 18, docs/adr/0018-sign-up-in-two-statements.md).
-- Decisions stay in Java; these functions only read what the decisions need in one go and then
-- write their outcome atomically. Each call is one statement, autocommitted: no BEGIN, no COMMIT.

-- 0. The member of a subject, made on her first call (two first calls at once: the second waits
--    for the first and then reads its row); null when the subject's tombstone (its SHA-256) says
--    the account was deleted, so a token issued before a deletion cannot bring it back.
create function ensure_member(p_subject text, p_tombstone text, p_name text)
returns bigint
language plpgsql as $$
declare
    v_id bigint;
begin
    select m.id into v_id from member m where m.subject = p_subject;
    if found then
        return v_id;
    end if;
    if exists (select 1 from member t where t.subject = p_tombstone and t.deleted_at is not null) then
        return null;
    end if;
    insert into member (subject, display_name) values (p_subject, p_name)
        on conflict (subject) do nothing;
    select m.id into v_id from member m where m.subject = p_subject;
    return v_id;
end
$$;

-- 1. What a sign-up must know about the member, created on her first call: her eligibility
--    profile (marital status only with her consent; still encrypted), the children of her family
--    record with guardian consent, whether she already holds an active registration for the
--    session, her no-shows of the event's kind, her recent sign-ups of the kind, whether she ever
--    held a seat at the kind, whether her home lies within the audience, and the record of an
--    Idempotency-Key she used before. Optional parts are computed only when their parameter is set.
--    A subject whose account was deleted gets deleted = true.
create function sign_up_member(
    p_subject      text,
    p_tombstone    text,
    p_name         text,
    p_session      bigint,
    p_kind         text,
    p_noshow_since timestamptz,
    p_recent_since timestamptz,
    p_weigh        boolean,
    p_audience     bigint[],
    p_idem_key     text)
returns table (
    member_id          bigint,
    deleted            boolean,
    home_unit_id       bigint,
    gender             text,
    birth_year         integer,
    marital_status     text,
    child_ids          bigint[],
    child_birth_years  integer[],
    already            boolean,
    no_shows           integer,
    last_no_show       timestamptz,
    recent             integer,
    attended           boolean,
    resident           boolean,
    idem_hash          text,
    idem_body          text)
language plpgsql as $$
#variable_conflict use_column
declare
    v_id bigint := ensure_member(p_subject, p_tombstone, p_name);
    m    member%rowtype;
begin
    select * into m from member where id = v_id;
    if not found then
        return query select null::bigint, true, null::bigint, null::text, null::integer, null::text,
            null::bigint[], null::integer[], false, 0, null::timestamptz, 0, false, false,
            null::text, null::text;
        return;
    end if;
    return query select
        m.id,
        false,
        m.home_unit_id,
        m.gender::text,
        m.birth_year::integer,
        case when exists (select 1 from consent c where c.member_id = m.id
                          and c.purpose = 'MARITAL_STATUS' and c.withdrawn_at is null)
             then m.marital_status::text end,
        coalesce((select array_agg(d.id order by d.id) from dependant d
                  where d.member_id = m.id and d.relation = 'CHILD'
                  and d.guardian_consent_at is not null and d.removed_at is null), '{}'),
        coalesce((select array_agg(d.birth_year::integer order by d.id) from dependant d
                  where d.member_id = m.id and d.relation = 'CHILD'
                  and d.guardian_consent_at is not null and d.removed_at is null), '{}'),
        exists (select 1 from registration r where r.session_id = p_session and r.member_id = m.id
                and r.status not in ('CANCELLED', 'REJECTED')),
        coalesce((select count(*)::integer from no_show n where p_noshow_since is not null
                  and n.member_id = m.id and n.kind = p_kind and n.waived_at is null
                  and n.session_ended_at >= p_noshow_since), 0),
        (select max(n.session_ended_at) from no_show n where p_noshow_since is not null
         and n.member_id = m.id and n.kind = p_kind and n.waived_at is null
         and n.session_ended_at >= p_noshow_since),
        coalesce((select count(*)::integer from registration r join session s on s.id = r.session_id
                  join event e on e.id = s.event_id where p_recent_since is not null
                  and r.member_id = m.id and e.kind = p_kind and r.created_at >= p_recent_since
                  and r.status not in ('CANCELLED', 'REJECTED')), 0),
        p_weigh and exists (select 1 from registration r join session s on s.id = r.session_id
                            join event e on e.id = s.event_id where r.member_id = m.id
                            and e.kind = p_kind and r.status = 'CONFIRMED'),
        p_audience is not null and m.home_unit_id is not null
            and exists (select 1 from org_unit t, org_unit a where t.id = m.home_unit_id
                        and a.id = any (p_audience) and a.retired_at is null
                        and t.path like a.path || '%'),
        i.request_hash::text,
        i.body
    from (select 1) one
    left join idempotency_record i on p_idem_key is not null and i.member_id = m.id
         and i.key = p_idem_key;
end
$$;

-- 2. The sign-up itself, decided: holds the session open (FOR KEY SHARE: sign-ups do not wait for
--    each other, a cancellation of the event waits for them) and checks it still is, and that the
--    events' version is the one the decision was made on; writes the registration (unique per
--    member and session), its children, the Idempotency-Key's record, the seat claim (first come:
--    all seats or none, else to the end of the waitlist), its history and the outbox row, and
--    returns the outcome with the place on the waitlist.
--    outcome: OK, CLOSED (cancelled or unpublished), STALE (decide again on fresh facts),
--    ALREADY (an active registration exists; idem_* tell whether this key made it).
create function sign_up(
    p_session        bigint,
    p_member         bigint,
    p_version        bigint,
    p_pool           text,
    p_seats          integer,
    p_status         text,
    p_answers        jsonb,
    p_dependants     bigint[],
    p_lottery_weight double precision,
    p_actor          text,
    p_news           jsonb,
    p_idem_key       text,
    p_idem_hash      text)
returns table (
    outcome           text,
    registration_id   bigint,
    status            text,
    waitlist_seq      bigint,
    waitlist_position integer,
    created_at        timestamptz,
    idem_hash         text,
    idem_body         text)
language plpgsql as $$
#variable_conflict use_column
declare
    v_open    boolean;
    v_version bigint;
    v_id      bigint;
    v_created timestamptz;
    v_status  text := p_status;
    v_seq     bigint;
    v_pos     integer;
    v_claimed integer := 0;
begin
    select s.cancelled_at is null and e.status = 'PUBLISHED',
           (select f.version from event_feed_version f where f.id = 1)
      into v_open, v_version
      from session s join event e on e.id = s.event_id
     where s.id = p_session
       for key share of s;
    if not found or not v_open then
        return query select 'CLOSED', null::bigint, null::text, null::bigint, null::integer,
            null::timestamptz, null::text, null::text;
        return;
    end if;
    if v_version <> p_version then
        return query select 'STALE', null::bigint, null::text, null::bigint, null::integer,
            null::timestamptz, null::text, null::text;
        return;
    end if;

    insert into registration as r (session_id, member_id, pool, seats, status, answers, lottery_weight)
        values (p_session, p_member, p_pool, p_seats, p_status, p_answers, p_lottery_weight)
        on conflict (session_id, member_id) where status not in ('CANCELLED', 'REJECTED') do nothing
        returning r.id, r.created_at into v_id, v_created;
    if v_id is null then
        -- A second tap with the same key waited here for the first and finds her record.
        return query select 'ALREADY', null::bigint, null::text, null::bigint, null::integer,
            null::timestamptz, i.request_hash::text, i.body
            from (select 1) one
            left join idempotency_record i on p_idem_key is not null and i.member_id = p_member
                 and i.key = p_idem_key;
        return;
    end if;

    if p_idem_key is not null then
        insert into idempotency_record (member_id, key, request_hash, status, body)
            values (p_member, p_idem_key, p_idem_hash, 201, json_build_object('id', v_id)::text)
            on conflict do nothing;
        if not found then
            -- The key was used at the same moment for another request: undo everything.
            raise exception 'idempotency key reused' using errcode = 'JF409';
        end if;
    end if;

    if cardinality(p_dependants) > 0 then
        insert into registration_dependant (registration_id, dependant_id)
            select v_id, unnest(p_dependants);
    end if;

    if p_status = 'CONFIRMED' then
        -- One seat at a time, the lowest free id that nobody else is taking (seat_free_idx).
        for n in 1 .. p_seats loop
            update seat set registration_id = v_id
             where id = (select x.id from seat x where x.session_id = p_session and x.pool = p_pool
                         and x.registration_id is null order by x.id limit 1 for update skip locked);
            exit when not found;
            v_claimed := v_claimed + 1;
        end loop;
        if v_claimed < p_seats then
            -- All or none: give back what was taken, and wait in line.
            if v_claimed > 0 then
                update seat set registration_id = null where seat.registration_id = v_id;
            end if;
            v_status := 'WAITLISTED';
            v_seq := nextval('waitlist_seq');
            update registration set status = v_status, waitlist_seq = v_seq where id = v_id;
            select count(*)::integer into v_pos from registration w
             where w.session_id = p_session and w.pool = p_pool and w.status = 'WAITLISTED'
               and w.waitlist_seq <= v_seq;
        end if;
    end if;

    with outboxed as (
        insert into outbox (aggregate_type, aggregate_id, type, member_id, payload)
        values ('registration', v_id, 'REGISTRATION_' || v_status, p_member,
                p_news || jsonb_build_object('status', v_status)))
    insert into registration_status_change (registration_id, from_status, to_status, actor)
        values (v_id, null, v_status, p_actor);

    return query select 'OK', v_id, v_status, v_seq, v_pos, v_created, null::text, null::text;
end
$$;
