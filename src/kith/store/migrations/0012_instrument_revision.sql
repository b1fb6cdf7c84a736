-- Schema 12: a draft survey instrument carries a revision, as register
-- records and interviews do, so that two people editing one draft in the
-- designer cannot silently overwrite each other: a change names the
-- revision it was made on and is refused when the draft has moved on
-- (domain/survey/surveys.cpp, update_instrument). Existing rows start at 1.
ALTER TABLE survey_instruments ADD COLUMN revision BIGINT NOT NULL DEFAULT 1 CHECK (revision >= 1);
