-- Managing the directory: lookups behind the members page, and the indexes the foreign keys
-- to users need when a user deletes their account (PostgreSQL does not index them by itself).
CREATE INDEX invitations_organisation ON invitations (organisation_id, email);
CREATE INDEX invitations_invited_by ON invitations (invited_by);
CREATE INDEX join_requests_user ON join_requests (user_id);
CREATE INDEX people_user ON people (user_id);
-- Partial: an index over all the NULLs would tempt the planner away from organisations_listed.
CREATE INDEX organisations_merged_into ON organisations (merged_into) WHERE merged_into IS NOT NULL;
