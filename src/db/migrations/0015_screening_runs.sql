-- Screening runs (免申即享, issue 13): runs, their shards by county, and one result per run ×
-- enterprise × incentive. A shard's results are replaced in one transaction that marks it done.
CREATE TABLE "screening_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"year" integer NOT NULL,
	"packs" jsonb NOT NULL,
	"parameters" jsonb NOT NULL,
	"org" text,
	"started_by" text,
	"started_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"enterprises_total" integer DEFAULT 0 NOT NULL,
	"enterprises_done" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	"error" text,
	CONSTRAINT "screening_runs_state_check" CHECK ("state" in ('queued', 'running', 'cancelled', 'done', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "screening_runs_started_idx" ON "screening_runs" USING btree ("started_at");
--> statement-breakpoint
CREATE INDEX "screening_runs_state_idx" ON "screening_runs" USING btree ("state");
--> statement-breakpoint
CREATE TABLE "screening_shards" (
	"run_id" uuid NOT NULL REFERENCES "screening_runs"("id") ON DELETE CASCADE,
	"shard_key" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"enterprises" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "screening_shards_run_id_shard_key_pk" PRIMARY KEY("run_id","shard_key"),
	CONSTRAINT "screening_shards_state_check" CHECK ("state" in ('pending', 'running', 'done'))
);
--> statement-breakpoint
CREATE TABLE "screening_results" (
	"run_id" uuid NOT NULL REFERENCES "screening_runs"("id") ON DELETE CASCADE,
	"shard_key" text NOT NULL,
	"enterprise_id" text NOT NULL,
	"credit_code" text NOT NULL,
	"enterprise_name" text NOT NULL,
	"area_code" text NOT NULL,
	"incentive_id" text NOT NULL,
	"pack_id" text NOT NULL,
	"status" text NOT NULL,
	"amount" numeric,
	"cap" numeric,
	"score" numeric,
	"missing" text[] DEFAULT '{}'::text[] NOT NULL,
	"outputs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"profile_hash" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	CONSTRAINT "screening_results_status_check" CHECK ("status" in ('eligible', 'ineligible', 'needs_info'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "screening_results_key" ON "screening_results" USING btree ("run_id","enterprise_id","incentive_id");
--> statement-breakpoint
CREATE INDEX "screening_results_shard_idx" ON "screening_results" USING btree ("run_id","shard_key");
--> statement-breakpoint
CREATE INDEX "screening_results_filter_idx" ON "screening_results" USING btree ("run_id","incentive_id","status");
--> statement-breakpoint
CREATE INDEX "screening_results_area_idx" ON "screening_results" USING btree ("run_id","area_code");
