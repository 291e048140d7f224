-- What the residents' feed needs before its cached page, in one statement (issue 18): the member
-- (created on her first call, unless the subject's tombstone says the account was deleted), the
-- units whose events she sees (her home unit's lineage from the root, or the district without a
-- home unit) and the feed's version (the key of the cached pages).
create function feed_context(p_subject text, p_tombstone text, p_name text)
returns table (deleted boolean, unit_ids bigint[], version bigint)
language plpgsql as $$
#variable_conflict use_column
declare
    v_home bigint;
begin
    select m.home_unit_id into v_home from member m where m.subject = p_subject;
    if not found then
        if exists (select 1 from member t where t.subject = p_tombstone and t.deleted_at is not null) then
            return query select true, null::bigint[], null::bigint;
            return;
        end if;
        insert into member (subject, display_name) values (p_subject, p_name)
            on conflict (subject) do nothing;
        select m.home_unit_id into v_home from member m where m.subject = p_subject;
    end if;
    return query select
        false,
        case when v_home is null
             then (select array_agg(u.id order by u.id) from org_unit u where u.code = 'FT')
             else (select array_agg(x.id::bigint order by x.depth)
                   from org_unit h,
                        unnest(string_to_array(trim(both '/' from h.path), '/'))
                            with ordinality as x(id, depth)
                   where h.id = v_home)
        end,
        (select f.version from event_feed_version f where f.id = 1);
end
$$;
