-- Question options as a text array: the reactive driver binds jsonb columns as JSON objects only,
-- and a list of options is an array. No release has carried V2 yet, so the column is replaced.
alter table event_question drop column options;
alter table event_question add column options varchar(50)[];
