-- Screening at scale (issue 13): one row per run × enterprise (what was screened: its name, area and
-- profile digest) and a result row only where a rule gave eligible or needs_info. An enterprise
-- of the run without a row for an incentive was screened ineligible for it. A shard is an area's
-- own enterprises (org = the area), so the shard key is the area code.
--
-- These two tables take a million rows a run: each row costs what its indexes and checks cost.
-- No foreign key to the run (a per-row check: a third of the insert; runs are never deleted), and
-- one index per purpose: the enterprise's key is (run, area, credit code), the order the results
-- are listed and a shard's rows are deleted in; a shard holds one area's enterprises, each once.
CREATE TABLE "screening_enterprises" (
	"run_id" uuid NOT NULL,
	"area_code" text NOT NULL,
	"credit_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"profile_hash" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "screening_enterprises_pk" PRIMARY KEY("run_id","area_code","credit_code")
);
--> statement-breakpoint
INSERT INTO "screening_enterprises" ("run_id", "area_code", "credit_code", "enterprise_name", "profile_hash", "synthetic")
SELECT DISTINCT ON ("run_id", "enterprise_id") "run_id", "area_code", "enterprise_id", "enterprise_name", "profile_hash", "synthetic"
FROM "screening_results" ORDER BY "run_id", "enterprise_id";
--> statement-breakpoint
DELETE FROM "screening_results" WHERE "status" = 'ineligible';
--> statement-breakpoint
DROP INDEX "screening_results_shard_idx";
--> statement-breakpoint
DROP INDEX "screening_results_area_idx";
--> statement-breakpoint
ALTER TABLE "screening_results" DROP CONSTRAINT "screening_results_run_id_fkey";
--> statement-breakpoint
ALTER TABLE "screening_results" DROP COLUMN "shard_key", DROP COLUMN "credit_code", DROP COLUMN "enterprise_name", DROP COLUMN "profile_hash", DROP COLUMN "synthetic";
--> statement-breakpoint
ALTER TABLE "screening_results" DROP CONSTRAINT "screening_results_status_check";
--> statement-breakpoint
ALTER TABLE "screening_results" ADD CONSTRAINT "screening_results_status_check" CHECK ("status" in ('eligible', 'needs_info'));
--> statement-breakpoint
-- A shard reads its area's enterprises in credit-code order: one range of this index a page.
CREATE INDEX "enterprises_org_code_idx" ON "enterprises" USING btree ("org","credit_code");
--> statement-breakpoint
DROP INDEX "enterprises_org_idx";
