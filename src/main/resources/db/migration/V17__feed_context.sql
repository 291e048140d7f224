-- What the residents' feed needs before its cached page, in one statement (issue 18): the member
-- (ensure_member, V16: made on her first call, unless her account was deleted), the
-- units whose events she sees (her home unit's lineage from the root, or the district without a
-- home unit) and the feed's version (the key of the cached pages).
create function feed_context(p_subject text, p_tombstone text, p_name text)
returns table (deleted boolean, unit_ids bigint[], version bigint)
language plpgsql as $$
#variable_conflict use_column
declare
    v_member bigint := ensure_member(p_subject, p_tombstone, p_name);
    v_home   bigint;
begin
    if v_member is null then
        return query select true, null::bigint[], null::bigint;
        return;
    end if;
    select m.home_unit_id into v_home from member m where m.id = v_member;
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
