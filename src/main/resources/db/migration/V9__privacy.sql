-- Privacy by design (issue 6). Sensitive columns hold AES-GCM ciphertext ("enc1:<key>:<base64>",
-- docs/adr/0011-field-encryption.md): wider, and no check constraint on the plain value any more.
-- Rows written before this migration stay readable as plain text until the re-encryption job
-- (common/crypto/FieldReencryption) has encrypted them.
alter table member drop constraint if exists member_marital_status_check;
alter table member alter column phone type varchar(200);
alter table member alter column marital_status type varchar(200);
alter table dependant alter column name type varchar(400);

-- A deleted account leaves an anonymous tombstone: the subject is replaced by its SHA-256 (so the
-- same Keycloak user cannot come back as a new member with an old token), personal data erased,
-- registrations kept for the year's totals.
alter table member add column deleted_at timestamptz;

-- Retention: when a registration's personal details (answers) were erased.
alter table registration add column details_erased_at timestamptz;
