-- Change counters: one row per kind of data that a server caches (the permission table, sessions
-- and their accounts, the area
-- tree, the packs, indicator values, the registry). A statement-level trigger on each source table
-- adds one to its counter in the writing transaction, so that the new number becomes visible
-- exactly when the change does (MVCC), on every app server at once. A server reads all counters in
-- one query per request and recomputes a cached answer only when a counter it depends on moved.
-- A statement that changes no row also counts: that only costs a needless recomputation.
-- Each change is also announced on the channel kechuang_changes (delivered at commit): the
-- embedded PGlite server, the only process on its database, listens instead of reading the
-- counters for every request.
CREATE TABLE "change_counters" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "change_counters" ("name") VALUES ('permissions'), ('accounts'), ('areas'), ('packs'), ('indicator_values'), ('registry');
--> statement-breakpoint
CREATE FUNCTION "bump_change_counter"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE change_counters SET version = version + 1 WHERE name = TG_ARGV[0];
	PERFORM pg_notify('kechuang_changes', TG_ARGV[0]);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "role_permissions_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "role_permissions" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('permissions');
--> statement-breakpoint
CREATE TRIGGER "sessions_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('accounts');
--> statement-breakpoint
CREATE TRIGGER "users_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('accounts');
--> statement-breakpoint
CREATE TRIGGER "areas_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "areas" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('areas');
--> statement-breakpoint
CREATE TRIGGER "zones_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "zones" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('areas');
--> statement-breakpoint
CREATE TRIGGER "policy_packs_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_packs" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('packs');
--> statement-breakpoint
CREATE TRIGGER "policy_pack_versions_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "policy_pack_versions" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('packs');
--> statement-breakpoint
CREATE TRIGGER "indicator_values_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "indicator_values" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('indicator_values');
--> statement-breakpoint
CREATE TRIGGER "indicator_period_locks_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "indicator_period_locks" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('indicator_values');
--> statement-breakpoint
CREATE TRIGGER "enterprises_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "enterprises" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('registry');
--> statement-breakpoint
CREATE TRIGGER "certifications_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "certifications" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('registry');
--> statement-breakpoint
CREATE TRIGGER "platforms_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "platforms" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('registry');
--> statement-breakpoint
CREATE TRIGGER "registry_history_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "registry_history" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('registry');
--> statement-breakpoint
CREATE TRIGGER "tech_contracts_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tech_contracts" FOR EACH STATEMENT EXECUTE FUNCTION bump_change_counter('registry');
